package io.lifeboat.infra.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Decides whether a candidate schema may join a subject, with Avro's own
 * {@link SchemaCompatibility#checkReaderWriterCompatibility}. Pure: no state, no I/O. An empty answer means
 * compatible; otherwise the answer lists messages in the shape Confluent uses ({@code {errorType:'...', ...}},
 * then {@code {oldSchemaVersion: N}}, {@code {oldSchema: '...'}} per failing version, then the level).
 */
final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against a subject's live versions ({@code liveVersions}, oldest first) as a
     * registration does: the latest only, or every one for the transitive levels.
     */
    static List<String> checkForRegistration(Schema candidate, List<SubjectVersion> liveVersions,
            CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE || liveVersions.isEmpty()) {
            return List.of();
        }
        List<SubjectVersion> against;
        if (level.transitive()) {
            against = new ArrayList<>(liveVersions);
            Collections.reverse(against); // newest first, like a reader walking back in time
        } else {
            against = List.of(liveVersions.get(liveVersions.size() - 1));
        }
        return check(candidate, against, level);
    }

    /** Checks {@code candidate} against exactly one existing version, in the direction(s) {@code level} asks for. */
    static List<String> checkAgainstVersion(Schema candidate, SubjectVersion existing, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        return check(candidate, List.of(existing), level);
    }

    private static List<String> check(Schema candidate, List<SubjectVersion> against, CompatibilityLevel level) {
        List<String> messages = new ArrayList<>();
        for (SubjectVersion existing : against) {
            Schema old = AvroSchemas.parseStored(existing.schema());
            List<String> problems = new ArrayList<>();
            if (level.backward()) {
                problems.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old).getResult(),
                        "the new schema cannot read data written with version " + existing.version()));
            }
            if (level.forward()) {
                problems.addAll(describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate).getResult(),
                        "version " + existing.version() + " cannot read data written with the new schema"));
            }
            if (!problems.isEmpty()) {
                messages.addAll(problems);
                messages.add("{oldSchemaVersion: " + existing.version() + "}");
                messages.add("{oldSchema: '" + existing.schema() + "'}");
            }
        }
        if (!messages.isEmpty()) {
            messages.add("{compatibility: '" + level.name() + "'}");
        }
        return messages;
    }

    private static List<String> describe(SchemaCompatibilityResult result, String direction) {
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Incompatibility problem : result.getIncompatibilities()) {
            out.add("{errorType:'" + problem.getType() + "', description:'" + direction + ": "
                    + problem.getMessage() + "', location:'" + problem.getLocation() + "'}");
        }
        return out;
    }
}
