package io.lifeboat.format.object;

import java.io.IOException;
import java.util.Objects;

/**
 * Reading a stored object did not end {@link VerificationOutcome#VALID}. It is an {@link IOException} because it is
 * thrown from {@code read}: at the end of the stream for size and checksum mismatches, earlier for a failed GCM tag
 * or a storage failure.
 */
public final class VerificationException extends IOException {

    private final VerificationOutcome outcome;
    private final String key;

    public VerificationException(VerificationOutcome outcome, String key, String message, Throwable cause) {
        super(message, cause);
        if (outcome == VerificationOutcome.VALID) {
            throw new IllegalArgumentException("a verification exception cannot be VALID");
        }
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.key = key;
    }

    public VerificationOutcome outcome() {
        return outcome;
    }

    /** The object's storage key. */
    public String key() {
        return key;
    }
}
