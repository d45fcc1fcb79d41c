package io.lifeboat.backup.copy;

import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte copy of one committed backup from one location to another: every object under the backup's prefix, the
 * manifest last. An object already there with the same size is not copied again, so a retry resumes.
 */
final class Replicator {

    private Replicator() {
    }

    /**
     * Copies the backup whose manifest is {@code manifestKey}.
     *
     * @throws StorageException if either location fails; whatever landed stays invisible without the manifest
     */
    static void copy(Storage from, Storage to, String manifestKey) {
        String prefix = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
        List<String> keys = new ArrayList<>(from.list(prefix));
        keys.remove(manifestKey);
        for (String key : keys) {
            if (!to.exists(key) || to.size(key) != from.size(key)) {
                copyObject(from, to, key);
            }
        }
        copyObject(from, to, manifestKey);
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
