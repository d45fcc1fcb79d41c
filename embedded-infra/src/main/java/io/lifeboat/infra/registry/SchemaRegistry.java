package io.lifeboat.infra.registry;

import io.lifeboat.infra.registry.ApplyOutcome.Registered;
import io.lifeboat.infra.registry.ApplyOutcome.SubjectDeleted;
import io.lifeboat.infra.registry.LogRecord.DeleteSubject;
import io.lifeboat.infra.registry.LogRecord.RegisterClaim;
import io.lifeboat.infra.registry.LogRecord.SetCompatibility;
import java.util.List;
import java.util.Optional;

/**
 * The registry's operations, independent of HTTP. Reads catch up with the log first, so an instance answers with
 * everything any instance had written when the request arrived. Writes are proposals to the {@link RegistryLog};
 * a registration whose claim went stale (another record took the version first) looks at the new state, checks
 * compatibility again and proposes again.
 */
final class SchemaRegistry {

    /** How many stale claims in a row a registration accepts before it gives up with 50002. */
    static final int MAX_CLAIMS = 100;

    private final RegistryState state;
    private final RegistryLog log;

    SchemaRegistry(RegistryState state, RegistryLog log) {
        this.state = state;
        this.log = log;
    }

    /** Registers the schema under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, String schemaText, String schemaType) {
        AvroSchemas.Parsed schema = AvroSchemas.parse(schemaText, schemaType);
        for (int claim = 1; claim <= MAX_CLAIMS; claim++) {
            log.catchUp();
            SubjectSnapshot current = state.subject(subject);
            Optional<SubjectVersion> existing = current.find(schema.canonical(), false);
            if (existing.isPresent()) {
                return existing.get().id();
            }
            List<String> problems = CompatibilityChecker.checkForRegistration(schema.schema(), current.live(),
                    current.level());
            if (!problems.isEmpty()) {
                throw RegistryError.INCOMPATIBLE_SCHEMA.exception("Schema being registered is incompatible with an"
                        + " earlier schema for subject \"" + subject + "\", details: [" + String.join(", ", problems)
                        + "]");
            }
            ApplyOutcome outcome = log.propose(new RegisterClaim(log.nextProposalId(), subject,
                    current.nextVersion(), schema.canonical()));
            if (outcome instanceof Registered registered) {
                return registered.id();
            }
        }
        throw RegistryError.OPERATION_TIMEOUT.exception("Operation timed out: registering under subject '" + subject
                + "' lost " + MAX_CLAIMS + " claims in a row to concurrent registrations");
    }

    /** The newest version of {@code subject} whose schema is the given one. */
    SubjectVersion lookup(String subject, String schemaText, String schemaType, boolean includeDeleted) {
        AvroSchemas.Parsed schema = AvroSchemas.parse(schemaText, schemaType);
        SubjectSnapshot current = existingSubject(subject, includeDeleted);
        return current.find(schema.canonical(), includeDeleted)
                .orElseThrow(() -> RegistryError.SCHEMA_NOT_FOUND.exception("Schema not found"));
    }

    List<String> subjects(boolean includeDeleted) {
        log.catchUp();
        return state.subjectNames(includeDeleted);
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        return existingSubject(subject, includeDeleted).visible(includeDeleted).stream()
                .map(SubjectVersion::version).toList();
    }

    SubjectVersion version(String subject, VersionRef version, boolean includeDeleted) {
        SubjectSnapshot current = existingSubject(subject, includeDeleted);
        List<SubjectVersion> visible = current.visible(includeDeleted);
        if (version.isLatest()) {
            return visible.get(visible.size() - 1);
        }
        return current.version(version.number(), includeDeleted)
                .orElseThrow(() -> RegistryError.versionNotFound(version.number()));
    }

    String schemaById(int id) {
        log.catchUp();
        return state.schemaById(id)
                .orElseThrow(() -> RegistryError.SCHEMA_NOT_FOUND.exception("Schema " + id + " not found"));
    }

    /**
     * Compatibility messages of the schema against one version of {@code subject} (empty: compatible), in the
     * direction(s) of the subject's level.
     */
    List<String> testAgainstVersion(String subject, VersionRef version, String schemaText, String schemaType) {
        AvroSchemas.Parsed schema = AvroSchemas.parse(schemaText, schemaType);
        SubjectSnapshot current = existingSubject(subject, false);
        SubjectVersion against = version.isLatest()
                ? current.latestLive().orElseThrow()
                : current.version(version.number(), false)
                        .orElseThrow(() -> RegistryError.versionNotFound(version.number()));
        return CompatibilityChecker.checkAgainstVersion(schema.schema(), against, current.level());
    }

    /** Compatibility messages of the schema as a registration under {@code subject} would see them (empty: compatible). */
    List<String> testForRegistration(String subject, String schemaText, String schemaType) {
        AvroSchemas.Parsed schema = AvroSchemas.parse(schemaText, schemaType);
        log.catchUp();
        SubjectSnapshot current = state.subject(subject);
        return CompatibilityChecker.checkForRegistration(schema.schema(), current.live(), current.level());
    }

    CompatibilityLevel globalCompatibility() {
        log.catchUp();
        return state.globalLevel();
    }

    /** The subject's own level; else the global one with {@code defaultToGlobal}, else 40408. */
    CompatibilityLevel subjectCompatibility(String subject, boolean defaultToGlobal) {
        log.catchUp();
        Optional<CompatibilityLevel> level = state.subjectLevel(subject);
        if (level.isPresent()) {
            return level.get();
        }
        if (defaultToGlobal) {
            return state.globalLevel();
        }
        throw RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED.exception("Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    /** Sets the level of {@code subject}, or the global one when {@code subject} is empty. */
    CompatibilityLevel setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        log.propose(new SetCompatibility(log.nextProposalId(), subject, level));
        return level;
    }

    /** Soft-deletes every live version of {@code subject}; returns their numbers. */
    List<Integer> deleteSubject(String subject) {
        existingSubject(subject, false);
        ApplyOutcome outcome = log.propose(new DeleteSubject(log.nextProposalId(), subject));
        List<Integer> deleted = ((SubjectDeleted) outcome).versions();
        if (deleted.isEmpty()) {
            throw RegistryError.subjectNotFound(subject); // deleted concurrently by another request
        }
        return deleted;
    }

    private SubjectSnapshot existingSubject(String subject, boolean includeDeleted) {
        log.catchUp();
        SubjectSnapshot current = state.subject(subject);
        if (current.visible(includeDeleted).isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return current;
    }
}
