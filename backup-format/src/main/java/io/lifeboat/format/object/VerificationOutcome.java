package io.lifeboat.format.object;

/** How reading or verifying a stored object ended. */
public enum VerificationOutcome {
    /** Stored and plaintext sizes and SHA-256s match the manifest, and every GCM tag checked. */
    VALID,
    /** The object is there but is not what the manifest says: a checksum, a size, a GCM tag, truncation, or data
     * that does not decompress. */
    CORRUPT,
    /** No object under the key. */
    MISSING,
    /** The data key was not given or could not be unwrapped, or the stored bytes are intact but do not decrypt with
     * the given key. Says nothing bad about the data. */
    KEY_UNAVAILABLE,
    /** The location could not be read (outage, permissions). Says nothing about the object; check again. */
    STORAGE_UNAVAILABLE
}
