package io.lifeboat.format.storage;

/** A storage operation failed; {@link #reason()} says whether retrying can help. */
public final class StorageException extends RuntimeException {

    /** Why a storage operation failed. */
    public enum Reason {
        /** The object does not exist. Permanent for that key. */
        NOT_FOUND,
        /** The location did not answer or failed mid-way. Transient. */
        UNAVAILABLE,
        /** The location refused the operation (permissions, invalid key). Permanent. */
        REFUSED;

        public boolean isTransient() {
            return this == UNAVAILABLE;
        }
    }

    private final Reason reason;

    public StorageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
