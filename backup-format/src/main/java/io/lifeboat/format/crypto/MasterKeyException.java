package io.lifeboat.format.crypto;

/**
 * A master key could not be used. Messages name the key id and the key store, never key material.
 */
public final class MasterKeyException extends RuntimeException {

    /** Why a master key could not be used. */
    public enum Reason {
        /** The provider has no key with that id (never created, or already retired). Permanent. */
        UNKNOWN_KEY,
        /** The key refused the wrapped bytes: a different key under the same id (or, for providers that cannot
         * tell the two apart, altered bytes). */
        REJECTED,
        /** The right key, but the wrapped bytes fail authentication: they were altered or belong elsewhere. */
        ALTERED,
        /** The provider could not be reached (for example a KMS outage). Transient. */
        UNAVAILABLE,
        /** The key store itself is missing, unreadable or malformed. */
        KEYSET_INVALID;

        public boolean isTransient() {
            return this == UNAVAILABLE;
        }
    }

    private final Reason reason;

    public MasterKeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
