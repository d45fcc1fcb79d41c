package io.lifeboat.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.policy.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two WAL streaming rules against the real policy file: raised once while a condition persists, resolved once
 * when it clears, retried when announcing fails, and remembered across a restart through the spool.
 */
class StreamingAlertsTest {

    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));
    private static final BackupProperties.Database DB = new BackupProperties.Database("db.internal", 5432, "prosaas",
            "backup", null, null);

    @TempDir
    Path spool;

    private final Recorder reporter = new Recorder();

    @Test
    void lagIsRaisedOnceWhileItPersistsAndResolvedOnceWhenItClears() {
        StreamingAlerts alerts = alerts(1000, reporter);

        alerts.lag(1000);
        alerts.lag(5000);
        alerts.lag(7000);
        alerts.lag(10);
        alerts.lag(0);

        assertThat(reporter.events).containsExactly("raised WAL_STREAMING_LAG:lifeboat@db.internal:5432",
                "resolved WAL_STREAMING_LAG:lifeboat@db.internal:5432: 10 bytes (10 B) behind the server");
        WalAlert raised = reporter.alerts.get(0);
        assertThat(raised.severity()).isEqualTo(Severity.WARNING);
        assertThat(raised.rule()).isEqualTo("WAL_STREAMING_LAG");
        assertThat(raised.subject()).isEqualTo("WAL streaming of slot 'lifeboat' from db.internal:5432");
        assertThat(raised.observed()).isEqualTo("5000 bytes (4.9 KiB) behind the server");
        assertThat(raised.threshold())
                .isEqualTo("at most 1000 bytes (1000 B) behind (lifeboat.backup.wal.lag-alert-bytes)");
        assertThat(raised.runbook()).isEqualTo(POLICY.monitoring().rpo().runbook());
    }

    @Test
    void receiverIsRaisedAfterTooManyFailedStartsAndResolvedOnceARunIsStable() {
        StreamingAlerts alerts = alerts(1000, reporter);

        alerts.receiver(new WalReceiver.Health(1, false, "connection refused"));
        alerts.receiver(new WalReceiver.Health(2, false, "connection refused"));
        assertThat(reporter.events).as("below the threshold").isEmpty();
        alerts.receiver(new WalReceiver.Health(3, false, "connection refused"));
        alerts.receiver(new WalReceiver.Health(4, false, "connection refused"));
        alerts.receiver(new WalReceiver.Health(0, false, "connection refused"));
        assertThat(reporter.events).as("a run that has not proven itself resolves nothing").hasSize(1);
        alerts.receiver(new WalReceiver.Health(0, true, "connection refused"));
        alerts.receiver(new WalReceiver.Health(0, true, ""));

        assertThat(reporter.events).containsExactly("raised WAL_RECEIVER_DOWN:lifeboat@db.internal:5432",
                "resolved WAL_RECEIVER_DOWN:lifeboat@db.internal:5432: pg_receivewal streams again");
        WalAlert raised = reporter.alerts.get(0);
        assertThat(raised.severity()).isEqualTo(POLICY.monitoring().backupFailure().severity())
                .isEqualTo(Severity.CRITICAL);
        assertThat(raised.observed()).isEqualTo("3 failed starts in a row; last: connection refused");
        assertThat(raised.threshold()).contains("fewer than 3 failed starts in a row");
        assertThat(raised.runbook()).isEqualTo(POLICY.monitoring().backupFailure().runbook());
    }

    @Test
    void anAlertThatCouldNotBeAnnouncedIsTriedAgainOnTheNextRound() {
        reporter.failing = true;
        StreamingAlerts alerts = alerts(1000, reporter);

        alerts.lag(5000);
        assertThat(alerts.openIds()).isEmpty();

        reporter.failing = false;
        alerts.lag(6000);
        assertThat(alerts.openIds()).containsExactly("WAL_STREAMING_LAG:lifeboat@db.internal:5432");

        reporter.failing = true;
        alerts.lag(0);
        assertThat(alerts.openIds()).as("still open: its resolution was not announced").hasSize(1);
        reporter.failing = false;
        alerts.lag(0);

        assertThat(reporter.events).containsExactly("raised WAL_STREAMING_LAG:lifeboat@db.internal:5432",
                "resolved WAL_STREAMING_LAG:lifeboat@db.internal:5432: 0 bytes (0 B) behind the server");
    }

    @Test
    void openAlertsSurviveARestartSoAPersistingConditionIsNotRaisedAgainAndAClearedOneIsResolved() {
        alerts(1000, reporter).lag(5000);
        alerts(1000, reporter).receiver(new WalReceiver.Health(9, false, "refused"));
        assertThat(spool.resolve(StreamingAlerts.STATE_FILE)).exists();

        StreamingAlerts restarted = alerts(1000, reporter);
        restarted.lag(8000);
        restarted.receiver(new WalReceiver.Health(12, false, "refused"));
        assertThat(reporter.events).as("nothing raised twice").hasSize(2);

        restarted.lag(10);
        restarted.receiver(new WalReceiver.Health(0, true, ""));

        assertThat(reporter.events).containsExactly(
                "raised WAL_STREAMING_LAG:lifeboat@db.internal:5432",
                "raised WAL_RECEIVER_DOWN:lifeboat@db.internal:5432",
                "resolved WAL_STREAMING_LAG:lifeboat@db.internal:5432: 10 bytes (10 B) behind the server",
                "resolved WAL_RECEIVER_DOWN:lifeboat@db.internal:5432: pg_receivewal streams again");
        assertThat(reporter.resolvedRules).containsExactly("WAL_STREAMING_LAG", "WAL_RECEIVER_DOWN");
        assertThat(alerts(1000, reporter).openIds()).isEmpty();
    }

    @Test
    void anAlertLeftOpenForASlotNoLongerStreamedIsResolvedAtStartUp() throws Exception {
        Files.write(spool.resolve(StreamingAlerts.STATE_FILE),
                List.of("WAL_STREAMING_LAG:old-slot@db.internal:5432"));

        StreamingAlerts alerts = alerts(1000, reporter);

        assertThat(alerts.openIds()).isEmpty();
        assertThat(reporter.events).containsExactly("resolved WAL_STREAMING_LAG:old-slot@db.internal:5432:"
                + " no longer watched: this instance streams slot lifeboat@db.internal:5432");
        assertThat(reporter.resolvedSubjects).containsExactly("WAL streaming of slot old-slot@db.internal:5432");
    }

    @Test
    void bytesAreWrittenForPeople() {
        assertThat(StreamingAlerts.bytes(17)).isEqualTo("17 B");
        assertThat(StreamingAlerts.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(StreamingAlerts.bytes(1L << 30)).isEqualTo("1.0 GiB");
    }

    private StreamingAlerts alerts(long lagAlertBytes, WalAlertReporter reporter) {
        WalProperties wal = new WalProperties(true, spool.toString(), "lifeboat", Duration.ofSeconds(1),
                Duration.ofHours(1), Duration.ofSeconds(1), lagAlertBytes, 3, Duration.ofMinutes(1));
        return new StreamingAlerts(wal, DB, POLICY.monitoring(), reporter);
    }

    /** What the messaging adapter would have published; can be told to fail like an unreachable broker. */
    private static final class Recorder implements WalAlertReporter {

        final List<String> events = new ArrayList<>();
        final List<WalAlert> alerts = new ArrayList<>();
        final List<String> resolvedRules = new ArrayList<>();
        final List<String> resolvedSubjects = new ArrayList<>();
        boolean failing;

        @Override
        public void raised(WalAlert alert) {
            if (failing) {
                throw new IllegalStateException("broker down");
            }
            events.add("raised " + alert.alertId());
            alerts.add(alert);
        }

        @Override
        public void resolved(WalAlert alert, String observed) {
            if (failing) {
                throw new IllegalStateException("broker down");
            }
            events.add("resolved " + alert.alertId() + ": " + observed);
            resolvedRules.add(alert.rule());
            resolvedSubjects.add(alert.subject());
        }
    }
}
