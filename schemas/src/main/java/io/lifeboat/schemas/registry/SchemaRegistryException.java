package io.lifeboat.schemas.registry;

/** A schema-registry call failed; {@link #reason()} tells a caller whether waiting can help. */
public final class SchemaRegistryException extends RuntimeException {

    /** Why a registry call failed. */
    public enum Reason {
        /** No answer: connection refused, timeout, or a 5xx. Transient; retrying can help. */
        UNREACHABLE,
        /** 409: the schema breaks the subject's compatibility level. Permanent. */
        INCOMPATIBLE,
        /** 422 (42201): the registry cannot parse the schema. Permanent. */
        INVALID_SCHEMA,
        /** 404: no such subject, version or schema id. */
        NOT_FOUND,
        /** Any other refusal. */
        REJECTED;

        public boolean isTransient() {
            return this == UNREACHABLE;
        }
    }

    private final Reason reason;

    SchemaRegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
