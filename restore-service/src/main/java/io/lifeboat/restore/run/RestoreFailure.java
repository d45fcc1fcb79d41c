package io.lifeboat.restore.run;

/** A restore could not be carried out; the message says which step failed and why. */
public final class RestoreFailure extends Exception {

    public RestoreFailure(String message) {
        super(message);
    }

    public RestoreFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
