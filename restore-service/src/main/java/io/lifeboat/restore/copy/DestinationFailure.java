package io.lifeboat.restore.copy;

/**
 * Where a {@link BackupCopies.Sink} writes a copy's plaintext failed (the target database refused a statement, its
 * server went away): the copy itself is not at fault, so no other copy is tried. The message names what failed.
 */
public final class DestinationFailure extends Exception {

    public DestinationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
