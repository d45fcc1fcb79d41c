package io.lifeboat.backup.media;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupJob;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.ListedObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incremental step of the media mirror: the source objects that are new or changed since they were last stored
 * (up to {@code maxObjects}), as one MEDIA backup with one encrypted object each. Steps never overlap.
 *
 * <p>Nothing is due until the mirrored objects were read back from the catalogue, so a restart, even one while the
 * primary is down, never stores everything again. An object that vanished between listing and reading is skipped;
 * one the source refuses to hand out (permissions, a key the storage interface does not accept) is skipped, logged
 * once and named in the manifest ({@code refused.N}), so it cannot hold the other objects back. A source or primary
 * that cannot be reached fails the whole step and stores nothing: the next step finds the same objects due.
 */
final class MediaMirror implements BackupJob, AutoCloseable {

    static final String DATA_TYPE = "MEDIA";
    private static final String REFUSED_PREFIX = "refused.";
    private static final Logger log = LoggerFactory.getLogger(MediaMirror.class);

    private final Storage source;
    private final BackupCommit commit;
    private final Clock clock;
    private final int maxObjects;
    private final ObjectWriter writer = new ObjectWriter();
    private final MirroredObjects mirrored = new MirroredObjects();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private volatile boolean recalled;

    MediaMirror(Storage source, BackupCommit commit, Clock clock, int maxObjects) {
        this.source = source;
        this.commit = commit;
        this.clock = clock;
        this.maxObjects = maxObjects;
    }

    @Override
    public String dataType() {
        return DATA_TYPE;
    }

    @Override
    public String source() {
        return source.describe();
    }

    /** The most objects one step stores. */
    int maxObjects() {
        return maxObjects;
    }

    /** Whether the mirrored objects were read back from the catalogue. */
    boolean recalled() {
        return recalled;
    }

    /**
     * Reads which objects earlier steps stored from the committed MEDIA manifests, oldest first.
     *
     * @throws RuntimeException (a StorageException) when the primary cannot be listed; nothing is due until this
     *                          succeeded
     */
    synchronized void recall(Catalogue catalogue) {
        if (recalled) {
            return;
        }
        for (Manifest manifest : catalogue.list(Optional.of(DATA_TYPE))) {
            mirrored.recall(manifest.metadata());
        }
        recalled = true;
        log.info("media mirror of {} holds {} objects", source(), mirrored.size());
    }

    /**
     * The source objects not stored in their current version, in key order. Names starting with '.' (files still
     * being written under a temporary name), folder markers and objects the source refused are left out.
     *
     * @throws StorageException when the source cannot be listed
     */
    List<ListedObject> due() {
        if (!recalled) {
            return List.of();
        }
        return mirrored.due(list()).stream()
                .filter(o -> !hidden(o.key()))
                .filter(o -> !refused.contains(MirroredObjects.identity(o)))
                .toList();
    }

    private List<ListedObject> list() {
        if (source instanceof FilesystemStorage directory && !Files.isDirectory(directory.root())) {
            // an unmounted volume looks like an empty directory to a listing: say so instead of mirroring nothing
            throw new StorageException(StorageException.Reason.UNAVAILABLE, "media source " + source()
                    + " is not a directory", null);
        }
        return source.listObjects("");
    }

    /** Names starting with '.' (temporary files) and S3 folder markers (keys ending in '/') are no media. */
    private static boolean hidden(String key) {
        return key.startsWith(".") || key.contains("/.") || key.endsWith("/");
    }

    @Override
    public synchronized BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        List<ListedObject> due;
        try {
            due = due();
        } catch (StorageException e) {
            return failed(backupId, "media source " + source() + " cannot be listed: " + e.getMessage());
        }
        if (!recalled) {
            return failed(backupId, "the media already mirrored is not known yet (the catalogue could not be read)");
        }
        Storage primary = commit.primary();
        DataKey dataKey = DataKey.generate();
        List<ManifestObject> objects = new ArrayList<>();
        List<ListedObject> stored = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "media-files");
        int refusedNow = 0;
        for (ListedObject object : due.subList(0, Math.min(due.size(), maxObjects))) {
            String key = RepositoryLayout.objectKey(DATA_TYPE, backupId, stored.size() + "-" + fileName(object.key()));
            InputStream in;
            try {
                in = source.open(object.key());
            } catch (StorageException e) {
                if (e.reason() == StorageException.Reason.NOT_FOUND) {
                    log.info("media object '{}' was removed from {} before it was read; not mirrored",
                            object.key(), source());
                    continue;
                }
                if (e.reason() == StorageException.Reason.REFUSED) {
                    refused.add(MirroredObjects.identity(object));
                    metadata.put(REFUSED_PREFIX + refusedNow++, MirroredObjects.identity(object));
                    log.error("media object '{}' in {} is refused and not mirrored (tried again after a restart or"
                            + " when it changes): {}", object.key(), source(), e.getMessage());
                    continue;
                }
                discard(primary, objects);
                return failed(backupId, "media source " + source() + " cannot be read: " + e.getMessage());
            }
            SourceStream read = new SourceStream(in);
            try (read) {
                objects.add(writer.write(primary, key, read, dataKey));
            } catch (IOException | StorageException e) {
                commit.discard(primary, key);
                discard(primary, objects);
                return failed(backupId, read.failed()
                        ? "media source " + source() + " failed while '" + object.key() + "' was read: "
                                + read.failure().getMessage()
                        : e.getMessage());
            }
            metadata.put(MirroredObjects.METADATA_PREFIX + stored.size(), MirroredObjects.identity(object));
            stored.add(object);
        }
        BackupOutcome outcome = commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, source(),
                started, clock.instant(), objects, metadata, Map.of()), dataKey);
        if (outcome instanceof BackupOutcome.Completed) {
            stored.forEach(mirrored::stored);
        }
        return outcome;
    }

    private BackupOutcome failed(String backupId, String detail) {
        return new BackupOutcome.Failed(backupId, DATA_TYPE, source(), FailureReason.STORAGE_UNAVAILABLE, detail);
    }

    private void discard(Storage primary, List<ManifestObject> objects) {
        objects.forEach(o -> commit.discard(primary, o.key()));
    }

    /** The last path segment of a source key, in characters every storage driver accepts. */
    private static String fileName(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.replaceAll("[^A-Za-z0-9._-]", "_").replace("..", "__");
    }

    @Override
    public void close() throws Exception {
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A source object being read; remembers whether the source failed, as opposed to the primary. */
    private static final class SourceStream extends FilterInputStream {

        private IOException failure;

        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        boolean failed() {
            return failure != null;
        }

        IOException failure() {
            return failure;
        }
    }
}
