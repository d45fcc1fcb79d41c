package io.lifeboat.restore.dr;

/**
 * Disaster-recovery state cannot be answered for yet: the DR topics have not been read back since start-up, so a
 * disaster declared before (by this instance or another) could still be unknown. Transient; the REST API answers
 * 503.
 */
public final class DrStateUnavailable extends RuntimeException {

    public DrStateUnavailable(String message) {
        super(message);
    }
}
