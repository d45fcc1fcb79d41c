package io.lifeboat.infra.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * What one record of the {@code _schemas} log says. Every record carries the id of the proposal that wrote it, so
 * the instance that proposed it can pick up the outcome once its follower has applied the record.
 */
sealed interface LogRecord {

    String proposal();

    /**
     * "Register {@code schema} under {@code subject} as version {@code expectedVersion}". The state machine accepts
     * it only if {@code expectedVersion} is still the subject's next version when the record is applied; the id is
     * the schema's existing id, or the next free one, decided at that point of the log.
     */
    record RegisterClaim(String proposal, String subject, int expectedVersion, String schema) implements LogRecord {
        public RegisterClaim {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** "Soft-delete every version {@code subject} has at this point of the log". */
    record DeleteSubject(String proposal, String subject) implements LogRecord {
        public DeleteSubject {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** "The compatibility level of {@code subject} (empty: the global one) is now {@code level}". */
    record SetCompatibility(String proposal, Optional<String> subject, CompatibilityLevel level) implements LogRecord {
        public SetCompatibility {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(level, "level");
        }
    }
}
