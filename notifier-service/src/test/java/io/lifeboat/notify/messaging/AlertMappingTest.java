package io.lifeboat.notify.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.Finding;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.notify.config.RunbookProperties;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Measurement;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMappingTest {

    private static final Instant AT = Instant.parse("2025-06-07T08:09:10Z");
    private static final AlertMapping MAPPING = new AlertMapping(
            new RunbookProperties("rerun the backup", "restore from another copy", "activate the DR team"));

    @Test
    void alertRaisedKeepsItsSeverityMeasurementAndRunbook() {
        AlertRaised event = AlertRaised.newBuilder()
                .setHeader(header("e-alert", "corr-alert"))
                .setAlertId("BACKUP_AGE:prosaas")
                .setSeverity(io.lifeboat.events.common.Severity.CRITICAL)
                .setRule("BACKUP_AGE")
                .setSubject("database prosaas_production")
                .setSummary("no successful backup for 26 h")
                .setObservedValue("26 h")
                .setThreshold("25 h (policy 10.1)")
                .setRunbookStep("POL-ISMS-008 5.2: take a backup now")
                .build();

        assertThat(MAPPING.alertRaised(event)).isEqualTo(new Alert(
                new Source("e-alert", "AlertRaised", "corr-alert", AT), Severity.CRITICAL,
                "BACKUP_AGE: database prosaas_production", "no successful backup for 26 h",
                new Measurement("26 h", "25 h (policy 10.1)"), "database prosaas_production",
                "POL-ISMS-008 5.2: take a backup now", "BACKUP_AGE:prosaas"));
    }

    @Test
    void backupFailedIsCriticalWithoutMeasurement() {
        BackupFailed event = BackupFailed.newBuilder()
                .setHeader(header("e-failed", "b-7"))
                .setBackupId("b-7")
                .setDataType(DataType.DATABASE_DUMP)
                .setSource("prosaas")
                .setReason(BackupFailureReason.DATABASE_UNREACHABLE)
                .setDetail("database 'prosaas' is unreachable")
                .setAttempt(2)
                .setNextAttemptAt(null)
                .build();

        Alert alert = MAPPING.backupFailed(event);

        assertThat(alert.source()).isEqualTo(new Source("e-failed", "BackupFailed", "b-7", AT));
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.title()).isEqualTo("Backup failed: prosaas (DATABASE_DUMP)");
        assertThat(alert.whatHappened()).contains("b-7", "attempt 2", "DATABASE_UNREACHABLE",
                "database 'prosaas' is unreachable", "no retry is left");
        assertThat(alert.measured()).isEmpty();
        assertThat(alert.subject()).isEqualTo("backup b-7 of prosaas");
        assertThat(alert.runbookStep()).isEqualTo("rerun the backup");
    }

    @Test
    void failedIntegrityCheckComparesTheOutcomeWithFullIntegrity() {
        IntegrityChecked event = integrity(IntegrityOutcome.CORRUPT, List.of(Finding.newBuilder()
                .setObjectKey("data/database.pgdump")
                .setOutcome(IntegrityOutcome.CORRUPT)
                .setExpected("aa")
                .setActual("bb")
                .setDetail("object 'data/database.pgdump' has the wrong SHA-256")
                .build()));

        Alert alert = MAPPING.integrityChecked(event).orElseThrow();

        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.source().eventType()).isEqualTo("IntegrityChecked");
        assertThat(alert.measured()).contains(new Measurement("CORRUPT (1 problem(s))", "100% integrity (policy 10.2)"));
        assertThat(alert.whatHappened()).contains("has the wrong SHA-256");
        assertThat(alert.subject()).isEqualTo("backup b-9 at secondary");
        assertThat(alert.runbookStep()).isEqualTo("restore from another copy");
    }

    @Test
    void passedIntegrityCheckNeedsNoNotification() {
        assertThat(MAPPING.integrityChecked(integrity(IntegrityOutcome.PASSED, List.of()))).isEmpty();
    }

    @Test
    void drDeclaredIsCriticalUnlessItIsAnExercise() {
        Alert real = MAPPING.drDeclared(dr(DrTrigger.CYBERATTACK));
        Alert exercise = MAPPING.drDeclared(dr(DrTrigger.EXERCISE));

        assertThat(real.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(exercise.severity()).isEqualTo(Severity.WARNING);
        assertThat(real.title()).isEqualTo("Disaster declared: CYBERATTACK");
        assertThat(real.whatHappened()).contains("isms-owner", "dr-1", "ransomware on the primary site");
        assertThat(real.subject()).isEqualTo("DR dr-1");
        assertThat(real.runbookStep()).isEqualTo("activate the DR team");
        assertThat(real.measured()).isEmpty();
    }

    private static IntegrityChecked integrity(IntegrityOutcome outcome, List<Finding> findings) {
        return IntegrityChecked.newBuilder()
                .setHeader(header("e-check-" + outcome, "b-9"))
                .setBackupId("b-9")
                .setLocation("secondary")
                .setKind(CheckKind.SCHEDULED)
                .setOutcome(outcome)
                .setFindings(findings)
                .setBytesVerified(1024)
                .setDurationMillis(12)
                .build();
    }

    private static DrDeclared dr(DrTrigger trigger) {
        return DrDeclared.newBuilder()
                .setHeader(header("e-dr-" + trigger, "dr-1"))
                .setDrId("dr-1")
                .setTrigger(trigger)
                .setDeclaredBy("isms-owner")
                .setReason("ransomware on the primary site")
                .setDeclaredAt(AT)
                .build();
    }

    private static EventHeader header(String eventId, String correlationId) {
        return EventHeader.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(AT)
                .setProducer(new Producer("test", "test-1"))
                .setCorrelationId(correlationId)
                .setPolicyId("POL-ISMS-008@1.0")
                .build();
    }
}
