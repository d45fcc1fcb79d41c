package io.lifeboat.format.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/** A place where backup objects are kept. Implementations are thread-safe. */
public interface Storage {

    /** A short human-readable name of the location, for messages (never contains credentials). */
    String describe();

    /**
     * Stores everything {@code data} yields under {@code key}, atomically: a reader sees the old object (or none)
     * until the new one is complete. Returns the number of bytes stored.
     */
    long put(String key, InputStream data);

    /** Opens the object for reading; the caller closes the stream. */
    InputStream open(String key);

    boolean exists(String key);

    /** Size of the stored object in bytes. */
    long size(String key);

    /** Keys under {@code prefix} (a '/'-terminated folder or a key prefix), sorted. */
    List<String> list(String prefix);

    /**
     * The objects under {@code prefix} with their size and version, sorted by key, so a caller can tell new and
     * replaced objects from unchanged ones without reading them. Drivers answer from one listing; this default
     * asks for each object's size and knows no version.
     */
    default List<ListedObject> listObjects(String prefix) {
        return list(prefix).stream().map(key -> new ListedObject(key, size(key), "")).toList();
    }

    /**
     * Stores {@code data} under {@code key} only if no object is there, atomically: of two concurrent callers at most
     * one gets true. Used for small claim objects (leases), so drivers may read {@code data} into memory.
     *
     * @return true if this call created the object, false if one was already there
     */
    default boolean putIfAbsent(String key, InputStream data) {
        throw new UnsupportedOperationException(describe() + " cannot create objects conditionally");
    }

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key);

    /**
     * Removes what writes interrupted before {@code startedBefore} left behind and that no reader ever sees: the
     * filesystem driver's temporary files, S3's incomplete multipart uploads (which are billed until aborted).
     * Writes started since are left alone, so pass a time no write in progress can predate.
     *
     * @return how many were removed
     */
    int removeAbandonedWrites(Instant startedBefore);
}
