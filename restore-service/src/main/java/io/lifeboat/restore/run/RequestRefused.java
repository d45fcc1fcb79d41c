package io.lifeboat.restore.run;

/** A request that is refused before it starts, synchronously, with why. */
public final class RequestRefused extends RuntimeException {

    /** Why a request was not accepted. */
    public enum Refusal {
        UNKNOWN_BACKUP, NO_SUITABLE_BACKUP, TARGET_NOT_EMPTY, INVALID_REQUEST, UNKNOWN_SCENARIO, UNKNOWN_DISASTER,
        ALREADY_DONE
    }

    private final Refusal refusal;

    public RequestRefused(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
