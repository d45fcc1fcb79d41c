package io.lifeboat.backup.copy;

import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Byte copy of one committed backup from one location to another: every object its manifest lists, the manifest
 * last. An object already at the target is kept only if its bytes have the stored SHA-256 the manifest records, so a
 * retry resumes, and an object stored again under the same key (same size, other bytes: another data key) replaces
 * the stale copy instead of staying under a manifest that does not describe it. Equal sizes prove nothing.
 */
final class Replicator {

    private static final Logger log = LoggerFactory.getLogger(Replicator.class);

    private Replicator() {
    }

    /**
     * Copies the backup whose manifest is {@code manifestKey}, as {@code manifests} reads it at {@code from}.
     *
     * @throws StorageException  if either location fails; whatever landed stays invisible without the manifest
     * @throws io.lifeboat.format.manifest.ManifestException if the manifest at {@code from} cannot be read
     */
    static void copy(Storage from, Storage to, String manifestKey, ManifestStore manifests) {
        Manifest manifest = manifests.read(from, manifestKey);
        for (ManifestObject object : manifest.objects()) {
            if (!holds(to, object)) {
                copyObject(from, to, object.key());
            }
        }
        copyObject(from, to, manifestKey);
    }

    /**
     * Whether {@code storage} already has exactly the stored bytes of {@code object}. An object there that cannot be
     * read back (an archive storage class answers reads only after a restore request) is copied again rather than
     * left pending for ever: copying proves as much as reading would.
     */
    private static boolean holds(Storage storage, ManifestObject object) {
        if (!storage.exists(object.key()) || storage.size(object.key()) != object.storedBytes()) {
            return false;
        }
        try (InputStream in = storage.open(object.key())) {
            return DigestingInputStream.drain(in).sha256().equals(object.storedSha256());
        } catch (IOException | StorageException e) {
            log.info("'{}' at {} cannot be read back to compare ({}); copying it again", object.key(),
                    storage.describe(), e.getMessage());
            return false;
        }
    }

    private static void copyObject(Storage from, Storage to, String key) {
        try (InputStream in = from.open(key)) {
            to.put(key, in);
        } catch (IOException e) {
            throw new UncheckedIOException("unable to copy '" + key + "' from " + from.describe() + " to "
                    + to.describe() + ": " + e.getMessage(), e);
        }
    }
}
