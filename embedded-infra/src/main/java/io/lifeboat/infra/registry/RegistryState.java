package io.lifeboat.infra.registry;

import io.lifeboat.infra.registry.ApplyOutcome.CompatibilitySet;
import io.lifeboat.infra.registry.ApplyOutcome.Registered;
import io.lifeboat.infra.registry.ApplyOutcome.StaleClaim;
import io.lifeboat.infra.registry.ApplyOutcome.SubjectDeleted;
import io.lifeboat.infra.registry.LogRecord.DeleteSubject;
import io.lifeboat.infra.registry.LogRecord.RegisterClaim;
import io.lifeboat.infra.registry.LogRecord.SetCompatibility;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state machine: subjects, versions, schema ids and compatibility levels, as a pure function of the
 * {@code _schemas} records applied in log order. It does no I/O; every instance that applies the same records gets
 * the same state, which is what lets several instances share one log.
 *
 * <p>Rules, applied per record:
 * <ul>
 *   <li>{@link RegisterClaim}: accepted only if its expected version equals the subject's next version (one past the
 *       highest version ever given, soft-deleted ones included, so numbering continues after a delete). The id is the
 *       one the canonical schema text already has (under any subject), else one past the highest id given so far.
 *       A claim that is not accepted changes nothing ({@link StaleClaim}).</li>
 *   <li>{@link DeleteSubject}: soft-deletes every version the subject has at that point of the log.</li>
 *   <li>{@link SetCompatibility}: the last record for a scope wins.</li>
 * </ul>
 * Whether a claim is accepted depends only on earlier claims, never on delete or config records; that is what makes
 * the outcome immune to compaction of those (see the package documentation).
 *
 * <p>Thread-safe: one follower thread applies, HTTP threads read consistent copies.
 */
final class RegistryState {

    private final Map<String, List<SubjectVersion>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int highestId;

    /** Applies one record and says what it did. */
    synchronized ApplyOutcome apply(LogRecord record) {
        if (record instanceof RegisterClaim claim) {
            return register(claim);
        }
        if (record instanceof DeleteSubject delete) {
            return delete(delete);
        }
        if (record instanceof SetCompatibility config) {
            return configure(config);
        }
        throw new IllegalArgumentException("unknown log record " + record);
    }

    private ApplyOutcome register(RegisterClaim claim) {
        int next = nextVersion(claim.subject());
        if (claim.expectedVersion() != next) {
            return new StaleClaim(claim.expectedVersion(), next);
        }
        Integer id = idsBySchema.get(claim.schema());
        if (id == null) {
            id = ++highestId;
            idsBySchema.put(claim.schema(), id);
            schemasById.put(id, claim.schema());
        }
        subjects.computeIfAbsent(claim.subject(), s -> new ArrayList<>())
                .add(new SubjectVersion(claim.subject(), next, id, claim.schema(), false));
        return new Registered(id, next);
    }

    private ApplyOutcome delete(DeleteSubject delete) {
        List<SubjectVersion> versions = subjects.getOrDefault(delete.subject(), List.of());
        List<Integer> deleted = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            SubjectVersion version = versions.get(i);
            if (!version.deleted()) {
                versions.set(i, version.markDeleted());
                deleted.add(version.version());
            }
        }
        return new SubjectDeleted(deleted);
    }

    private ApplyOutcome configure(SetCompatibility config) {
        if (config.subject().isPresent()) {
            subjectLevels.put(config.subject().get(), config.level());
        } else {
            globalLevel = config.level();
        }
        return new CompatibilitySet(config.level());
    }

    private int nextVersion(String subject) {
        List<SubjectVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    }

    /** Subject names, sorted; those whose versions are all soft-deleted only with {@code includeDeleted}. */
    synchronized List<String> subjectNames(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Everything a request about {@code subject} needs, taken at one moment. */
    synchronized SubjectSnapshot subject(String subject) {
        return new SubjectSnapshot(subject, subjects.getOrDefault(subject, List.of()), nextVersion(subject),
                effectiveLevel(subject));
    }

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? CompatibilityLevel.DEFAULT : globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        CompatibilityLevel level = subjectLevels.get(subject);
        return level != null ? level : globalLevel();
    }

    /** The whole state as immutable values, for comparing two states. */
    synchronized Snapshot snapshot() {
        Map<String, List<SubjectVersion>> copy = new TreeMap<>();
        subjects.forEach((subject, versions) -> copy.put(subject, List.copyOf(versions)));
        return new Snapshot(copy, new TreeMap<>(schemasById), Optional.ofNullable(globalLevel),
                new TreeMap<>(subjectLevels));
    }

    /** An immutable copy of a {@link RegistryState}. */
    record Snapshot(Map<String, List<SubjectVersion>> subjects, Map<Integer, String> schemasById,
            Optional<CompatibilityLevel> globalLevel, Map<String, CompatibilityLevel> subjectLevels) {
        Snapshot {
            subjects = Map.copyOf(subjects);
            schemasById = Map.copyOf(schemasById);
            subjectLevels = Map.copyOf(subjectLevels);
        }
    }
}
