package io.lifeboat.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.infra.registry.ApplyOutcome.CompatibilitySet;
import io.lifeboat.infra.registry.ApplyOutcome.Registered;
import io.lifeboat.infra.registry.ApplyOutcome.StaleClaim;
import io.lifeboat.infra.registry.ApplyOutcome.SubjectDeleted;
import io.lifeboat.infra.registry.LogRecord.DeleteSubject;
import io.lifeboat.infra.registry.LogRecord.RegisterClaim;
import io.lifeboat.infra.registry.LogRecord.SetCompatibility;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegistryStateTest {

    private static final String A = "\"string\"";
    private static final String B = "\"long\"";
    private static final String C = "\"int\"";

    private final RegistryState state = new RegistryState();
    private int proposals;

    @Test
    void givesIdsInLogOrderAndOneIdPerSchemaAcrossSubjects() {
        assertThat(state.apply(claim("s1", 1, A))).isEqualTo(new Registered(1, 1));
        assertThat(state.apply(claim("s1", 2, B))).isEqualTo(new Registered(2, 2));
        assertThat(state.apply(claim("s2", 1, B))).isEqualTo(new Registered(2, 1));
        assertThat(state.apply(claim("s2", 2, C))).isEqualTo(new Registered(3, 2));

        assertThat(state.schemaById(2)).contains(B);
        assertThat(state.schemaById(4)).isEmpty();
        assertThat(state.subjectNames(false)).containsExactly("s1", "s2");
        assertThat(state.subject("s2").versions()).containsExactly(
                new SubjectVersion("s2", 1, 2, B, false), new SubjectVersion("s2", 2, 3, C, false));
    }

    @Test
    void refusesAClaimWhoseVersionWasTakenFirstAndChangesNothing() {
        state.apply(claim("s", 1, A));
        RegistryState.Snapshot before = state.snapshot();

        assertThat(state.apply(claim("s", 1, B))).isEqualTo(new StaleClaim(1, 2));
        assertThat(state.apply(claim("s", 5, B))).isEqualTo(new StaleClaim(5, 2));
        assertThat(state.snapshot()).isEqualTo(before);
        assertThat(state.schemaById(2)).as("a refused claim uses up no id").isEmpty();
        assertThat(state.apply(claim("s", 2, B))).isEqualTo(new Registered(2, 2));
    }

    @Test
    void softDeleteHidesVersionsKeepsIdsAndNumberingContinues() {
        state.apply(claim("s", 1, A));
        state.apply(claim("s", 2, B));

        assertThat(state.apply(new DeleteSubject(nextProposal(), "s"))).isEqualTo(new SubjectDeleted(List.of(1, 2)));
        assertThat(state.apply(new DeleteSubject(nextProposal(), "s"))).isEqualTo(new SubjectDeleted(List.of()));
        assertThat(state.subjectNames(false)).isEmpty();
        assertThat(state.subjectNames(true)).containsExactly("s");
        assertThat(state.subject("s").live()).isEmpty();
        assertThat(state.subject("s").nextVersion()).isEqualTo(3);
        assertThat(state.schemaById(1)).contains(A);

        assertThat(state.apply(claim("s", 3, A))).isEqualTo(new Registered(1, 3));
        assertThat(state.subject("s").live()).containsExactly(new SubjectVersion("s", 3, 1, A, false));
    }

    @Test
    void lastCompatibilityPerScopeWins() {
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(state.apply(config(Optional.empty(), CompatibilityLevel.FULL)))
                .isEqualTo(new CompatibilitySet(CompatibilityLevel.FULL));
        state.apply(config(Optional.of("s"), CompatibilityLevel.NONE));
        state.apply(config(Optional.of("s"), CompatibilityLevel.FORWARD_TRANSITIVE));

        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(state.subjectLevel("s")).contains(CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(state.subjectLevel("t")).isEmpty();
        assertThat(state.subject("s").level()).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
        assertThat(state.subject("t").level()).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void replayingACompactedLogGivesTheSameStateAsTheFullLog() {
        List<LogRecord> log = new ArrayList<>(List.of(
                claim("s", 1, A), claim("s", 1, B), claim("s", 2, B), claim("t", 1, B),
                config(Optional.of("s"), CompatibilityLevel.NONE),
                new DeleteSubject(nextProposal(), "s"),
                claim("s", 3, A), claim("s", 3, C),
                config(Optional.of("s"), CompatibilityLevel.FULL),
                claim("s", 4, C),
                new DeleteSubject(nextProposal(), "s"),
                claim("s", 5, B), claim("t", 2, A),
                config(Optional.empty(), CompatibilityLevel.FORWARD),
                new DeleteSubject(nextProposal(), "t"),
                config(Optional.empty(), CompatibilityLevel.NONE)));

        assertSameStateAfterAnyCompaction(log);
    }

    @Test
    void replayingCompactedRandomLogsGivesTheSameState() {
        for (long seed = 1; seed <= 30; seed++) {
            assertSameStateAfterAnyCompaction(randomLog(new Random(seed), 120));
        }
    }

    /** Kafka compacts the log up to some point (never the active segment): try every such point. */
    private void assertSameStateAfterAnyCompaction(List<LogRecord> log) {
        RegistryState.Snapshot full = replay(log);
        for (int cleanedUpTo = 0; cleanedUpTo <= log.size(); cleanedUpTo++) {
            List<LogRecord> compacted = compact(log, cleanedUpTo);
            assertThat(replay(compacted)).as("state after compacting the first %d of %d records (%d left)",
                    cleanedUpTo, log.size(), compacted.size()).isEqualTo(full);
        }
    }

    /** Drops every record before {@code cleanedUpTo} whose key appears again later (what the log cleaner does). */
    private static List<LogRecord> compact(List<LogRecord> log, int cleanedUpTo) {
        Map<ByteBuffer, Integer> lastIndexOfKey = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            lastIndexOfKey.put(ByteBuffer.wrap(LogRecordCodec.key(log.get(i))), i);
        }
        List<LogRecord> kept = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (i >= cleanedUpTo || lastIndexOfKey.get(ByteBuffer.wrap(LogRecordCodec.key(log.get(i)))) == i) {
                kept.add(log.get(i));
            }
        }
        return kept;
    }

    private static RegistryState.Snapshot replay(List<LogRecord> log) {
        RegistryState replayed = new RegistryState();
        for (LogRecord record : log) {
            // every record goes through the codec, as it does through Kafka
            replayed.apply(LogRecordCodec.decode(LogRecordCodec.key(record), LogRecordCodec.value(record)).orElseThrow());
        }
        return replayed.snapshot();
    }

    /** Registrations (some with stale versions, as racing instances write them), deletes and config changes. */
    private List<LogRecord> randomLog(Random random, int size) {
        List<String> subjects = List.of("a", "b", "c");
        List<String> schemas = List.of(A, B, C, "\"double\"", "\"boolean\"");
        RegistryState truth = new RegistryState();
        List<LogRecord> log = new ArrayList<>();
        while (log.size() < size) {
            String subject = subjects.get(random.nextInt(subjects.size()));
            int dice = random.nextInt(10);
            LogRecord record;
            if (dice < 6) {
                int next = truth.subject(subject).nextVersion();
                int expected = random.nextBoolean() ? next : Math.max(1, next - random.nextInt(3));
                record = claim(subject, expected, schemas.get(random.nextInt(schemas.size())));
            } else if (dice < 8) {
                record = new DeleteSubject(nextProposal(), subject);
            } else {
                CompatibilityLevel level = CompatibilityLevel.values()[random.nextInt(CompatibilityLevel.values().length)];
                record = config(random.nextBoolean() ? Optional.empty() : Optional.of(subject), level);
            }
            truth.apply(record);
            log.add(record);
        }
        return log;
    }

    private RegisterClaim claim(String subject, int expectedVersion, String schema) {
        return new RegisterClaim(nextProposal(), subject, expectedVersion, schema);
    }

    private SetCompatibility config(Optional<String> subject, CompatibilityLevel level) {
        return new SetCompatibility(nextProposal(), subject, level);
    }

    private String nextProposal() {
        return "test-" + (++proposals);
    }
}
