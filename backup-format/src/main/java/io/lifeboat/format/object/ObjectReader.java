package io.lifeboat.format.object;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import java.io.InputStream;

/**
 * Reads objects back as plaintext, verifying while reading: stored size and SHA-256, every GCM tag, the zstd frame,
 * plaintext size and SHA-256. For restores.
 */
public final class ObjectReader {

    private ObjectReader() {
    }

    /**
     * Opens {@code object} for reading. The stream yields the plaintext; each segment is authenticated before it is
     * handed out, but the object is proven whole only when a read returns -1: if anything does not match, that read
     * throws a {@link VerificationException} instead. Close the stream.
     *
     * @param dataKey the backup's data key; may be null for unencrypted objects
     * @throws VerificationException {@link VerificationOutcome#MISSING} if there is no such object,
     *                               {@link VerificationOutcome#KEY_UNAVAILABLE} if it is encrypted and no key was
     *                               given, {@link VerificationOutcome#STORAGE_UNAVAILABLE} if it cannot be opened
     */
    public static InputStream open(Storage storage, ManifestObject object, DataKey dataKey)
            throws VerificationException {
        return VerifyingInputStream.open(storage, object, dataKey, VerifyingInputStream.Reader.CONSUMER);
    }
}
