package io.lifeboat.restore.run;

/**
 * The restore journal cannot record an accepted restore, so the restore is not run: one the service died during
 * could not be undone or reported afterwards.
 */
public class JournalUnavailable extends RuntimeException {

    public JournalUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
