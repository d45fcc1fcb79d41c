package io.lifeboat.format.manifest;

import java.util.List;

/**
 * One stored object of a backup.
 *
 * @param key          storage key, relative to the location's root
 * @param plainBytes   size before compression and encryption
 * @param plainSha256  hex SHA-256 of the plaintext
 * @param storedBytes  size as stored
 * @param storedSha256 hex SHA-256 of the stored bytes
 * @param codecs       filters applied in order on the way to storage (empty: stored as is)
 */
public record ManifestObject(String key, long plainBytes, String plainSha256, long storedBytes, String storedSha256,
                             List<String> codecs) {

    public ManifestObject {
        codecs = List.copyOf(codecs == null ? List.of() : codecs);
    }
}
