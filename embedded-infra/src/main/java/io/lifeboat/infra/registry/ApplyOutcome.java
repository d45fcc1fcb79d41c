package io.lifeboat.infra.registry;

import java.util.List;

/** What applying one {@link LogRecord} did to the {@link RegistryState}; handed back to the record's proposer. */
sealed interface ApplyOutcome {

    /** The claim was accepted: the subject has a new version pointing at schema {@code id}. */
    record Registered(int id, int version) implements ApplyOutcome {
    }

    /** The claim lost: another record took {@code expectedVersion} first; the subject's next version is now another. */
    record StaleClaim(int expectedVersion, int nextVersion) implements ApplyOutcome {
    }

    /** The subject's live versions {@code versions} are now soft-deleted (empty: there was nothing live to delete). */
    record SubjectDeleted(List<Integer> versions) implements ApplyOutcome {
        public SubjectDeleted {
            versions = List.copyOf(versions);
        }
    }

    /** A compatibility level was set. */
    record CompatibilitySet(CompatibilityLevel level) implements ApplyOutcome {
    }
}
