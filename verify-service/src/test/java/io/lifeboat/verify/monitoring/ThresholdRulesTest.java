package io.lifeboat.verify.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.policy.Severity;
import io.lifeboat.verify.alert.Alert;
import io.lifeboat.verify.location.StorageUse;
import io.lifeboat.verify.monitoring.Observations.BackupFact;
import io.lifeboat.verify.monitoring.Observations.FailureFact;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of policy 10.1 and 3.1 with the thresholds of the project's policy file. */
class ThresholdRulesTest {

    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final ThresholdRules rules = new ThresholdRules(POLICY.monitoring(), POLICY.objectives().rpo());

    @Test
    void backupAgeOver25HoursIsCriticalAndExactly25HoursIsNot() {
        assertThat(evaluate(List.of(backup("b1", "DATABASE_DUMP", NOW.minus(Duration.ofHours(25)), 1000)))).isEmpty();
        List<Alert> alerts = evaluate(List.of(
                backup("b1", "DATABASE_DUMP", NOW.minus(Duration.ofHours(25)).minusSeconds(1), 1000)));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo("BACKUP_AGE:DATABASE_DUMP");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.observed()).startsWith("25h00m01s");
            assertThat(a.runbook()).contains("10.1");
        });
    }

    @Test
    void aSize21PercentAboveTheTrailingAverageWarnsAnd19PercentDoesNot() {
        List<BackupFact> history = List.of(backup("a", "CONFIGURATION", NOW.minusSeconds(300), 1000),
                backup("b", "CONFIGURATION", NOW.minusSeconds(200), 1000));
        assertThat(evaluate(concat(history, backup("c", "CONFIGURATION", NOW.minusSeconds(100), 1190)))).isEmpty();
        assertThat(evaluate(concat(history, backup("c", "CONFIGURATION", NOW.minusSeconds(100), 1200)))).isEmpty();
        assertThat(evaluate(concat(history, backup("c", "CONFIGURATION", NOW.minusSeconds(100), 1210))))
                .singleElement().satisfies(a -> {
                    assertThat(a.alertId()).isEqualTo("SIZE_ANOMALY:c");
                    assertThat(a.severity()).isEqualTo(Severity.WARNING);
                });
        assertThat(evaluate(concat(history, backup("c", "CONFIGURATION", NOW.minusSeconds(100), 790))))
                .extracting(Alert::alertId).containsExactly("SIZE_ANOMALY:c");
    }

    @Test
    void walSegmentsAreNotSizedAgainstEachOther() {
        List<BackupFact> segments = List.of(backup("w1", "WAL", NOW.minusSeconds(300), 4_000_000),
                backup("w2", "WAL", NOW.minusSeconds(200), 4_000_000),
                backup("w3", "WAL", NOW.minusSeconds(100), 40_000));
        assertThat(evaluate(segments)).isEmpty();
    }

    @Test
    void theSizeAverageIsOfTheSameDataTypeOnly() {
        List<BackupFact> backups = List.of(backup("a", "CONFIGURATION", NOW.minusSeconds(300), 1000),
                backup("s", "SECRETS", NOW.minusSeconds(250), 100_000),
                backup("c", "CONFIGURATION", NOW.minusSeconds(100), 1100));
        assertThat(evaluate(backups)).isEmpty();
    }

    @Test
    void storageUseOver80PercentWarns() {
        assertThat(rules.evaluate(observations(List.of(), List.of(), List.of(new StorageUse("p", 80, 100)),
                Optional.empty()))).isEmpty();
        assertThat(rules.evaluate(observations(List.of(), List.of(), List.of(new StorageUse("p", 81, 100)),
                Optional.empty()))).singleElement().satisfies(a -> {
                    assertThat(a.alertId()).isEqualTo("STORAGE_CAPACITY:p");
                    assertThat(a.severity()).isEqualTo(Severity.WARNING);
                });
    }

    @Test
    void anRpoAboveTheObjectiveIsCritical() {
        assertThat(rules.evaluate(observations(List.of(), List.of(), List.of(),
                Optional.of(NOW.minus(Duration.ofHours(1)))))).isEmpty();
        assertThat(rules.evaluate(observations(List.of(), List.of(), List.of(),
                Optional.of(NOW.minus(Duration.ofHours(1)).minusSeconds(1))))).singleElement().satisfies(a -> {
                    assertThat(a.alertId()).isEqualTo("RPO:database");
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                });
    }

    @Test
    void aFailedBackupIsCriticalUntilALaterBackupOfTheSameTypeCompletes() {
        FailureFact failure = new FailureFact("f1", "DATABASE_DUMP", NOW.minusSeconds(60), "pg_dump exited 1");
        assertThat(rules.evaluate(observations(List.of(backup("old", "DATABASE_DUMP", NOW.minusSeconds(120), 10)),
                List.of(failure), List.of(), Optional.empty()))).singleElement().satisfies(a -> {
                    assertThat(a.alertId()).isEqualTo("BACKUP_FAILED:f1");
                    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                });
        assertThat(rules.evaluate(observations(List.of(backup("new", "DATABASE_DUMP", NOW.minusSeconds(10), 10)),
                List.of(failure), List.of(), Optional.empty()))).isEmpty();
        assertThat(rules.evaluate(observations(List.of(backup("other", "SECRETS", NOW.minusSeconds(10), 10)),
                List.of(failure), List.of(), Optional.empty()))).extracting(Alert::alertId)
                .containsExactly("BACKUP_FAILED:f1");
    }

    private List<Alert> evaluate(List<BackupFact> backups) {
        return rules.evaluate(observations(backups, List.of(), List.of(), Optional.empty()));
    }

    private static Observations observations(List<BackupFact> backups, List<FailureFact> failures,
                                             List<StorageUse> storage, Optional<Instant> point) {
        return new Observations(NOW, backups, failures, storage, point);
    }

    private static BackupFact backup(String id, String type, Instant at, long bytes) {
        return new BackupFact(id, type, at, bytes);
    }

    private static List<BackupFact> concat(List<BackupFact> history, BackupFact newest) {
        return java.util.stream.Stream.concat(history.stream(), java.util.stream.Stream.of(newest)).toList();
    }
}
