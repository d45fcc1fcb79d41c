package io.lifeboat.format.policy;

/** The policy file is missing, unreadable, or has a wrong or missing value; the message names the key. */
public final class PolicyException extends RuntimeException {

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
