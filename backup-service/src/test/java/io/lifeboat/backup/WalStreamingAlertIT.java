package io.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.common.Severity;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.process.Teardown;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * WAL streaming alerts with a real pg_receivewal on a real cluster made with initdb, read back from a real broker:
 * a receiver that falls behind is alerted once and resolved when it catches up; a receiver that keeps failing to
 * start is alerted (CRITICAL) once, across a restart of the service, and resolved when it streams again.
 */
class WalStreamingAlertIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final long LAG_ALERT_BYTES = 40L * 1024 * 1024;
    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static PostgresCluster pg;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static Path keysetFile;
    static String slotKey;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        pg = PostgresCluster.start("wal-alerts");
        pg.createDatabase("prosaas");
        pg.execute("prosaas", "CREATE ROLE backup_user LOGIN REPLICATION",
                "CREATE TABLE filler (id int, payload text)",
                "GRANT EXECUTE ON FUNCTION pg_switch_wal() TO backup_user");
        keysetFile = work.resolve("keys/master-keys.json");
        LocalKeysetMasterKeys.createFile(keysetFile);
        slotKey = "lifeboat@127.0.0.1:" + pg.port();
        app = startApp("wal-alerts-1");
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(
                        new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5))),
                List.of(Topics.ALERT_RAISED.name(), Topics.ALERT_RESOLVED.name()));
    }

    static ConfigurableApplicationContext startApp(String instance) {
        return BackupServiceApplication.builder().run(
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.service.instance=" + instance,
                "--lifeboat.policy.file=../config/policy.yml",
                "--lifeboat.keys.keyset-file=" + keysetFile,
                "--lifeboat.backup.schedule-enabled=false",
                "--lifeboat.backup.outbox-dir=" + work.resolve("outbox"),
                "--lifeboat.backup.database.host=127.0.0.1",
                "--lifeboat.backup.database.port=" + pg.port(),
                "--lifeboat.backup.database.name=prosaas",
                "--lifeboat.backup.database.user=backup_user",
                "--lifeboat.backup.locations[0].name=primary",
                "--lifeboat.backup.locations[0].tier=PRIMARY",
                "--lifeboat.backup.locations[0].url=" + work.resolve("primary").toUri(),
                "--lifeboat.backup.wal.enabled=true",
                "--lifeboat.backup.wal.spool-dir=" + work.resolve("wal-spool"),
                "--lifeboat.backup.wal.poll-interval=" + POLL.toMillis() + "ms",
                "--lifeboat.backup.wal.restart-delay=200ms",
                "--lifeboat.backup.wal.lag-alert-bytes=" + LAG_ALERT_BYTES,
                "--lifeboat.backup.wal.failed-starts-alert=3",
                "--lifeboat.backup.wal.stable-after=2s");
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(events, app, registry, broker, pg);
    }

    @Test
    void aReceiverThatFallsBehindIsAlertedOnceAndResolvedWhenItCatchesUp() throws Exception {
        String alertId = "WAL_STREAMING_LAG:" + slotKey;
        await(WalStreamingAlertIT::slotActive, "the receiver streams on slot 'lifeboat'");
        ProcessHandle receiver = receiver();

        signal("STOP", receiver);
        try {
            for (int i = 0; i < 4; i++) {
                pg.execute("prosaas", "INSERT INTO filler SELECT g, md5(g::text) FROM generate_series(1, 2000) g",
                        "SELECT pg_switch_wal()");
            }
            AlertRaised raised = (AlertRaised) events.await(Topics.ALERT_RAISED.name(),
                    v -> ((AlertRaised) v).getAlertId().equals(alertId), WAIT).value();
            assertThat(raised.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(raised.getRule()).isEqualTo("WAL_STREAMING_LAG");
            assertThat(raised.getSubject()).isEqualTo("WAL streaming of slot 'lifeboat' from 127.0.0.1:" + pg.port());
            assertThat(raised.getObservedValue()).matches("\\d+ bytes \\(\\d+\\.\\d MiB\\) behind the server");
            assertThat(Long.parseLong(raised.getObservedValue().split(" ")[0])).isGreaterThan(LAG_ALERT_BYTES);
            assertThat(raised.getThreshold()).isEqualTo("at most " + LAG_ALERT_BYTES
                    + " bytes (40.0 MiB) behind (lifeboat.backup.wal.lag-alert-bytes)");
            assertThat(raised.getRunbookStep()).isEqualTo(POLICY.monitoring().rpo().runbook());
            // the condition persists for several more rounds
            Thread.sleep(POLL.multipliedBy(8).toMillis());
        } finally {
            signal("CONT", receiver);
        }

        AlertResolved resolved = (AlertResolved) events.await(Topics.ALERT_RESOLVED.name(),
                v -> ((AlertResolved) v).getAlertId().equals(alertId), WAIT).value();
        assertThat(resolved.getObservedValue()).endsWith("behind the server");
        assertThat(Long.parseLong(resolved.getObservedValue().split(" ")[0])).isLessThanOrEqualTo(LAG_ALERT_BYTES);
        assertThat(raisedFor(alertId)).as("raised once while it lasted").isEqualTo(1);
        assertThat(events.matching(Topics.ALERT_RESOLVED.name(),
                v -> ((AlertResolved) v).getAlertId().equals(alertId))).hasSize(1);
    }

    @Test
    void aReceiverThatKeepsFailingToStartIsAlertedOnceAcrossARestartAndResolvedWhenItStreams() throws Exception {
        String alertId = "WAL_RECEIVER_DOWN:" + slotKey;
        await(WalStreamingAlertIT::slotActive, "the receiver streams on slot 'lifeboat'");

        pg.stop();
        try {
            AlertRaised raised = (AlertRaised) events.await(Topics.ALERT_RAISED.name(),
                    v -> ((AlertRaised) v).getAlertId().equals(alertId), WAIT).value();
            assertThat(raised.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(raised.getRule()).isEqualTo("WAL_RECEIVER_DOWN");
            // the rule is judged every poll, and pg_receivewal may fail more than once between two polls
            assertThat(raised.getObservedValue()).matches("(?s)\\d+ failed starts in a row; last: pg_receivewal"
                    + " exited with 1: error: connection to server at \"127.0.0.1\", port " + pg.port() + " failed.*");
            assertThat(Integer.parseInt(raised.getObservedValue().split(" ")[0])).isGreaterThanOrEqualTo(3);
            assertThat(raised.getThreshold()).startsWith("fewer than 3 failed starts in a row");
            assertThat(raised.getRunbookStep()).isEqualTo(POLICY.monitoring().backupFailure().runbook());

            // the service restarts while the database is still down: its receiver fails again, nothing is raised
            app.close();
            app = startApp("wal-alerts-restarted");
            Thread.sleep(POLL.multipliedBy(10).toMillis());
        } finally {
            pg.start();
        }

        AlertResolved resolved = (AlertResolved) events.await(Topics.ALERT_RESOLVED.name(),
                v -> ((AlertResolved) v).getAlertId().equals(alertId), WAIT).value();
        assertThat(resolved.getObservedValue()).isEqualTo("pg_receivewal streams again");
        assertThat(resolved.getHeader().getProducer().getInstance()).isEqualTo("wal-alerts-restarted");
        assertThat(raisedFor(alertId)).as("raised once, not again after the restart").isEqualTo(1);
        assertThat(events.matching(Topics.ALERT_RESOLVED.name(),
                v -> ((AlertResolved) v).getAlertId().equals(alertId))).hasSize(1);
    }

    private static long raisedFor(String alertId) {
        return events.matching(Topics.ALERT_RAISED.name(), v -> ((AlertRaised) v).getAlertId().equals(alertId))
                .size();
    }

    private static boolean slotActive() {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = 'lifeboat'")) {
            return rs.next() && rs.getBoolean(1);
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    /** The running pg_receivewal child of this JVM (not the one creating the slot). */
    private static ProcessHandle receiver() throws InterruptedException {
        ProcessHandle[] found = new ProcessHandle[1];
        await(() -> {
            found[0] = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains("pg_receivewal")
                            && !p.info().commandLine().orElse("").contains("--create-slot"))
                    .findFirst().orElse(null);
            return found[0] != null;
        }, "a pg_receivewal process");
        return found[0];
    }

    private static void signal(String signal, ProcessHandle process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, process.pid()).isZero();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
