package io.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.ArchivedSegment;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.events.backup.WalArchived;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.fixtures.S3ProxyServer;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.S3Storage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import io.lifeboat.verify.fixtures.AlertMarker;
import io.lifeboat.verify.fixtures.Http;
import io.lifeboat.verify.fixtures.MutableClock;
import io.lifeboat.verify.fixtures.S3LocationArgs;
import io.lifeboat.verify.fixtures.TestRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The monitoring thresholds of policy 10.1 and the RPO of 3.1, driven by a clock the test moves: each condition is
 * raised once while it persists and resolved when it clears.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(T0);

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static S3ProxyServer s3;
    static S3Storage quota;
    static Storage primary;
    static LocalKeysetMasterKeys keys;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static KafkaProducer<String, SpecificRecord> producer;
    static String base;
    static String[] appArgs;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        s3 = new S3ProxyServer();
        quota = s3.storageBuilder().prefix("quota").build();
        Path primaryRoot = work.resolve("primary");
        keys = LocalKeysetMasterKeys.createFile(work.resolve("master-keys.json"));
        primary = new FilesystemStorage(primaryRoot);
        // the project's policy with a daily integrity budget small enough to run out in a test
        Path policy = work.resolve("policy.yml");
        String text = Files.readString(Path.of("../config/policy.yml"));
        assertThat(text).contains("daily-byte-budget: 500GB");
        Files.writeString(policy, text.replace("daily-byte-budget: 500GB", "daily-byte-budget: 1MB"));
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.policy.file=" + policy,
                "--lifeboat.keys.keyset-file=" + keys.file(),
                "--lifeboat.verify.monitor-every=1h",
                "--lifeboat.verify.storage-measure-every=0s",
                "--lifeboat.verify.locations[0].name=primary",
                "--lifeboat.verify.locations[0].tier=PRIMARY",
                "--lifeboat.verify.locations[0].url=" + primaryRoot.toUri()));
        args.addAll(List.of(S3LocationArgs.of(s3, 1, "quota", "quota", 100_000)));
        appArgs = args.toArray(String[]::new);
        startApp();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.ALERT_RAISED.name(), Topics.ALERT_RESOLVED.name(), Topics.INTEGRITY_CHECKED.name()));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new AvroEventSerializer(client));
    }

    static void startApp() {
        app = VerifyServiceApplication.builder()
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("testClock", Clock.class,
                        () -> CLOCK, bd -> bd.setPrimary(true)))
                .run(appArgs);
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, producer, app, quota, s3, registry, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void rpoAndBackupAgeAreCriticalPastTheirThresholdsAndClearWithNewData() {
        CLOCK.set(T0);
        String dump = "dump-" + id();
        completed(dump, DataType.DATABASE_DUMP, T0, 1000);
        awaitKnown(dump);
        walArchived("000000010000000000000001", T0);
        evaluate();

        CLOCK.set(T0.plus(Duration.ofHours(1)));
        evaluate();
        marker();
        assertThat(raised("RPO:database")).isEmpty();
        CLOCK.set(T0.plus(Duration.ofHours(1)).plusSeconds(1));
        evaluate();
        AlertRaised rpo = awaitRaised("RPO:database");
        assertThat(rpo.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(rpo.getRunbookStep()).contains("3.1");
        evaluate();
        marker();
        assertThat(raised("RPO:database")).hasSize(1);

        walArchived("000000010000000000000002", CLOCK.instant());
        awaitResolved("RPO:database", 1);

        CLOCK.set(T0.plus(Duration.ofHours(25)));
        evaluate();
        marker();
        assertThat(raised("BACKUP_AGE:DATABASE_DUMP")).isEmpty();
        CLOCK.set(T0.plus(Duration.ofHours(25)).plusSeconds(1));
        evaluate();
        AlertRaised age = awaitRaised("BACKUP_AGE:DATABASE_DUMP");
        assertThat(age.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(age.getObservedValue()).startsWith("25h00m01s");
        evaluate();
        marker();
        assertThat(raised("BACKUP_AGE:DATABASE_DUMP")).hasSize(1);

        completed("dump-" + id(), DataType.DATABASE_DUMP, CLOCK.instant(), 1000);
        awaitResolved("BACKUP_AGE:DATABASE_DUMP", 1);
    }

    @Test
    @Order(2)
    void aSize21PercentAboveTheAverageWarnsAnd19PercentDoesNot() {
        Instant at = CLOCK.instant().minusSeconds(600);
        String big = "config-" + id();
        String fine = "secrets-" + id();
        for (int i = 0; i < 3; i++) {
            completed("config-" + id(), DataType.CONFIGURATION, at.plusSeconds(i), 1000);
            completed("secrets-" + id(), DataType.SECRETS, at.plusSeconds(i), 1000);
        }
        completed(big, DataType.CONFIGURATION, at.plusSeconds(10), 1210);
        completed(fine, DataType.SECRETS, at.plusSeconds(10), 1190);
        awaitKnown(fine);
        AlertRaised warning = awaitRaised("SIZE_ANOMALY:" + big);
        assertThat(warning.getSeverity()).isEqualTo(Severity.WARNING);
        evaluate();
        marker();
        assertThat(raised("SIZE_ANOMALY:" + fine)).isEmpty();
        assertThat(raised("SIZE_ANOMALY:" + big)).hasSize(1);
    }

    @Test
    @Order(3)
    void storageUseAbove80PercentOfAnS3QuotaWarnsAndClears() throws Exception {
        TestRepository.put(quota, "filler/a", new byte[81_000]);
        evaluate();
        AlertRaised warning = awaitRaised("STORAGE_CAPACITY:quota");
        assertThat(warning.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(warning.getObservedValue()).startsWith("81.0%");
        evaluate();
        // while the location cannot be measured its last measurement stands: the warning stays open
        s3.stop();
        try {
            evaluate();
        } finally {
            s3.restart();
        }
        evaluate();
        quota.delete("filler/a");
        evaluate();
        awaitResolved("STORAGE_CAPACITY:quota", 1);
        marker();
        assertThat(raised("STORAGE_CAPACITY:quota")).hasSize(1);
        assertThat(resolved("STORAGE_CAPACITY:quota")).hasSize(1);
    }

    @Test
    @Order(4)
    void aFailedBackupIsCriticalUntilTheNextBackupOfItsTypeCompletes() {
        String failed = "media-" + id();
        failed(failed, DataType.MEDIA, CLOCK.instant());
        AlertRaised alert = awaitRaised("BACKUP_FAILED:" + failed);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        completed("media-" + id(), DataType.MEDIA, CLOCK.instant().plusSeconds(1), 1000);
        awaitResolved("BACKUP_FAILED:" + failed, 1);
        assertThat(raised("BACKUP_FAILED:" + failed)).hasSize(1);
    }

    /** Last: its backups complete days later than every other test's. */
    @Test
    @Order(5)
    void theDailySweepReverifiesDueCopiesWithinTheDailyBudget() {
        Instant completedAt = CLOCK.instant().plus(Duration.ofDays(1));
        CLOCK.set(completedAt);
        TestRepository repository = new TestRepository(List.of(primary));
        List<TestRepository.Stored> stored = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            TestRepository.Stored s = repository.write("swept-" + id(), "CONFIGURATION", keys, Map.of());
            stored.add(s);
            completed(s.id(), DataType.CONFIGURATION, completedAt, s.storedBytes(), s.manifestKey(),
                    s.manifestSha256(), List.of(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED)));
        }
        for (TestRepository.Stored s : stored) {
            assertThat(checks(s.id(), CheckKind.ON_COMPLETION)).as("verified on completion").isNotNull();
        }
        long bytesEach = stored.get(0).storedBytes();

        CLOCK.set(completedAt.plus(Duration.ofDays(5)));
        assertThat(sweep()).contains("\"verified\":[]");
        CLOCK.set(completedAt.plus(Duration.ofDays(6)));
        String firstDay = sweep();
        long fit = (1024 * 1024) / bytesEach;
        assertThat(fit).isLessThan(14);
        awaitScheduled(stored, (int) fit);
        assertThat(firstDay).contains("\"budgetUsedTodayBytes\":" + fit * bytesEach);
        CLOCK.set(completedAt.plus(Duration.ofDays(7)));
        sweep();
        awaitScheduled(stored, 14);
        for (TestRepository.Stored s : stored) {
            assertThat(events.matching(Topics.INTEGRITY_CHECKED.name(), v -> isCheck(v, s.id(), CheckKind.SCHEDULED)))
                    .hasSize(1);
        }
    }

    /** After the sweep: restarts the service. */
    @Test
    @Order(6)
    void aRestartKeepsAPersistingFailureOpenWithoutRaisingItAgain() {
        String failed = "secrets-" + id();
        failed(failed, DataType.SECRETS, CLOCK.instant());
        awaitRaised("BACKUP_FAILED:" + failed);

        app.close();
        startApp();
        awaitState("\"caughtUp\":true");
        evaluate();
        marker();
        assertThat(raised("BACKUP_FAILED:" + failed)).hasSize(1);
        assertThat(resolved("BACKUP_FAILED:" + failed)).isEmpty();
    }

    /**
     * A restart while the service knows a long history: evaluations while the catalogue, the failures and the alerts
     * are read back publish nothing, and once they are read back nothing has changed. The history is one backup a
     * second for the last 50 minutes, so no part of it breaks a rule: whatever is published is spurious.
     */
    @Test
    @Order(7)
    void aRestartWithAHistoryOfBackupsRaisesAndResolvesNothing() {
        Instant now = CLOCK.instant().plus(Duration.ofDays(30));
        CLOCK.set(now);
        int history = 3000;
        for (int i = history; i > 0; i--) {
            send(Topics.BACKUP_COMPLETED, "base-" + i, completedEvent("base-" + i, DataType.DATABASE_BASE,
                    now.minusSeconds(i), 1000));
        }
        producer.flush();
        awaitKnown("base-1");
        evaluate();
        String before = marker();

        app.close();
        startApp();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Http.get(base + "/api/checks").body().contains("\"caughtUp\":true")) {
            assertThat(System.nanoTime() - deadline).as("read back in time").isNegative();
            evaluate();
        }
        evaluate();
        String after = marker();
        assertThat(between(Topics.ALERT_RAISED.name(), before, after)).as("raised across the restart").isEmpty();
        assertThat(between(Topics.ALERT_RESOLVED.name(), before, after)).as("resolved across the restart").isEmpty();
    }

    /**
     * A restart while a copy's integrity alert is open and the copy is still corrupt: a CopyStored waiting for the
     * shared group has the copy checked again at once, while a long alert log (other services' alerts) is still
     * being read back. The check is published; the alert, open before the restart, is not raised a second time.
     */
    @Test
    @Order(8)
    void aRestartWhileAnIntegrityAlertIsOpenRaisesItNoSecondTime() throws Exception {
        for (int i = 0; i < 100_000; i++) {
            String alertId = "OTHER:" + i;
            send(Topics.ALERT_RAISED, alertId, AlertRaised.newBuilder().setHeader(EventHeader.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(CLOCK.instant())
                    .setProducer(new Producer("another-service", "test")).setCorrelationId("other")
                    .setPolicyId("POL-ISMS-008@1.0").build()).setAlertId(alertId).setSeverity(Severity.INFO)
                    .setRule("OTHER").setSubject("test").setSummary("another service's alert").setObservedValue("-")
                    .setThreshold("-").setRunbookStep("-").build());
        }
        producer.flush();
        TestRepository.Stored copy = new TestRepository(List.of(primary)).write("corrupt-" + id(), "CONFIGURATION",
                keys, Map.of());
        TestRepository.flipBit(primary, copy.objectKey(), 100);
        String alertId = AlertIds.integrity(copy.id(), "primary");
        copyStored(copy);
        awaitRaised(alertId);

        app.close();
        copyStored(copy);
        startApp();
        events.await(Topics.INTEGRITY_CHECKED.name(), v -> failedChecks(copy.id()) >= 2, WAIT);
        awaitState("\"caughtUp\":true");
        marker();
        assertThat(raised(alertId)).as("raised across the restart").hasSize(1);
        assertThat(resolved(alertId)).isEmpty();
    }

    /**
     * A record the replay never hands over (not Avro: dead-lettered) is the last one on a replayed topic: the replay
     * never reaches the end offset taken at start, and after {@code replay-wait} monitoring publishes anyway.
     */
    @Test
    @Order(9)
    void aDeadLetteredLastRecordHoldsMonitoringBackOnlyUntilTheReplayWait() throws Exception {
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.BACKUP_FAILED.name(), "poison",
                    "not an avro record".getBytes(StandardCharsets.UTF_8))).get();
        }
        app.close();
        List<String> args = new ArrayList<>(List.of(appArgs));
        args.add("--lifeboat.verify.replay-wait=20s");
        String[] usual = appArgs;
        appArgs = args.toArray(String[]::new);
        try {
            startApp();
        } finally {
            appArgs = usual;
        }
        awaitState("\"caughtUp\":true");
        String failed = "secrets-" + id();
        failed(failed, DataType.SECRETS, CLOCK.instant());
        awaitRaised("BACKUP_FAILED:" + failed);
    }

    private static void copyStored(TestRepository.Stored copy) throws Exception {
        producer.send(new ProducerRecord<>(Topics.COPY_STORED.name(), copy.id(), CopyStored.newBuilder()
                .setHeader(header(copy.id(), CLOCK.instant())).setBackupId(copy.id())
                .setDataType(DataType.CONFIGURATION).setManifestKey(copy.manifestKey())
                .setManifestSha256(copy.manifestSha256())
                .setCopy(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED)).setAttempts(1)
                .build())).get();
    }

    private static long failedChecks(String backupId) {
        return events.matching(Topics.INTEGRITY_CHECKED.name(), v -> ((IntegrityChecked) v).getBackupId()
                .equals(backupId) && ((IntegrityChecked) v).getOutcome() != IntegrityOutcome.PASSED).size();
    }

    private static String marker() {
        return AlertMarker.publish(producer, events, WAIT);
    }

    /** The alert ids published on {@code topic} after the one about {@code from} and before the one about {@code to}. */
    private static List<String> between(String topic, String from, String to) {
        List<String> ids = events.matching(topic, v -> true).stream().map(s -> alertId(s.value())).toList();
        assertThat(ids).contains(from, to);
        return ids.subList(ids.indexOf(from) + 1, ids.indexOf(to));
    }

    private static String alertId(SpecificRecord event) {
        return event instanceof AlertRaised r ? r.getAlertId() : ((AlertResolved) event).getAlertId();
    }

    private static void failed(String backupId, DataType type, Instant at) {
        send(Topics.BACKUP_FAILED, backupId, BackupFailed.newBuilder().setHeader(header(backupId, at))
                .setBackupId(backupId).setDataType(type).setSource("prosaas")
                .setReason(BackupFailureReason.STORAGE_UNAVAILABLE).setDetail("primary location unreachable")
                .setAttempt(1).build());
        producer.flush();
    }

    private static void send(Topic<?> topic, String key, SpecificRecord event) {
        producer.send(new ProducerRecord<>(topic.name(), key, event));
    }

    private static void awaitState(String fragment) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Http.get(base + "/api/checks").body().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /api/checks never showed " + fragment);
            }
            sleep();
        }
    }

    private static String sweep() {
        var response = Http.post(base + "/api/sweeps");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static boolean isCheck(SpecificRecord v, String backupId, CheckKind kind) {
        IntegrityChecked c = (IntegrityChecked) v;
        return c.getBackupId().equals(backupId) && c.getKind() == kind
                && c.getOutcome() == IntegrityOutcome.PASSED;
    }

    private static TopicProbe.Seen<SpecificRecord> checks(String backupId, CheckKind kind) {
        return events.await(Topics.INTEGRITY_CHECKED.name(), v -> isCheck(v, backupId, kind), WAIT);
    }

    private static void awaitScheduled(List<TestRepository.Stored> stored, int count) {
        events.await(Topics.INTEGRITY_CHECKED.name(), v -> stored.stream().filter(s -> !events.matching(
                Topics.INTEGRITY_CHECKED.name(), w -> isCheck(w, s.id(), CheckKind.SCHEDULED)).isEmpty())
                .count() >= count, WAIT);
        assertThat(stored.stream().filter(s -> !events.matching(Topics.INTEGRITY_CHECKED.name(),
                w -> isCheck(w, s.id(), CheckKind.SCHEDULED)).isEmpty()).count()).isEqualTo(count);
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static void completed(String backupId, DataType type, Instant at, long bytes) {
        completed(completedEvent(backupId, type, at, bytes));
    }

    private static void completed(String backupId, DataType type, Instant at, long bytes, String manifestKey,
                                  String manifestSha256, List<LocationCopy> copies) {
        completed(completedEvent(backupId, type, at, bytes, manifestKey, manifestSha256, copies));
    }

    private static void completed(BackupCompleted event) {
        try {
            producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), event.getBackupId(), event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BackupCompleted completedEvent(String backupId, DataType type, Instant at, long bytes) {
        return completedEvent(backupId, type, at, bytes, "backups/x/" + backupId + "/manifest.json", "0".repeat(64),
                List.of());
    }

    private static BackupCompleted completedEvent(String backupId, DataType type, Instant at, long bytes,
                                                  String manifestKey, String manifestSha256,
                                                  List<LocationCopy> copies) {
        return BackupCompleted.newBuilder().setHeader(header(backupId, at))
                .setBackupId(backupId).setDataType(type).setSource("prosaas").setStartedAt(at).setCompletedAt(at)
                .setManifestKey(manifestKey).setManifestSha256(manifestSha256)
                .setObjectCount(1).setPlainBytes(bytes).setStoredBytes(bytes).setCopies(copies).build();
    }

    /** A segment archived at {@code at}, with no copy to verify: the RPO rule needs only its time. */
    private static void walArchived(String segment, Instant at) {
        WalArchived event = WalArchived.newBuilder().setHeader(header("wal", at)).setSystemIdentifier("7001")
                .setTimeline(1).setSegments(List.of(ArchivedSegment.newBuilder().setSegmentName(segment)
                        .setBackupId(segment + "-7001").setManifestKey("backups/wal/" + segment + "-7001/manifest.json")
                        .setManifestSha256("0".repeat(64)).setPlainBytes(16).setStoredBytes(16).setCopies(List.of())
                        .build())).build();
        try {
            producer.send(new ProducerRecord<>(Topics.WAL_ARCHIVED.name(), "7001", event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        awaitKnown(segment + "-7001");
    }

    private static EventHeader header(String correlationId, Instant at) {
        return EventHeader.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(at)
                .setProducer(new Producer("backup-service", "test")).setCorrelationId(correlationId)
                .setPolicyId("POL-ISMS-008@1.0").build();
    }

    private static void awaitKnown(String backupId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Http.get(base + "/api/checks").body().contains("\"" + backupId + "\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backup " + backupId + " never reached the catalogue");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void evaluate() {
        assertThat(Http.post(base + "/api/monitoring/evaluate").statusCode()).isEqualTo(200);
    }

    private static List<TopicProbe.Seen<SpecificRecord>> raised(String alertId) {
        return events.matching(Topics.ALERT_RAISED.name(), v -> ((AlertRaised) v).getAlertId().equals(alertId));
    }

    private static AlertRaised awaitRaised(String alertId) {
        return (AlertRaised) events.await(Topics.ALERT_RAISED.name(),
                v -> ((AlertRaised) v).getAlertId().equals(alertId), WAIT).value();
    }

    private static List<TopicProbe.Seen<SpecificRecord>> resolved(String alertId) {
        return events.matching(Topics.ALERT_RESOLVED.name(), v -> ((AlertResolved) v).getAlertId().equals(alertId));
    }

    private static void awaitResolved(String alertId, int count) {
        events.await(Topics.ALERT_RESOLVED.name(), v -> ((AlertResolved) v).getAlertId().equals(alertId)
                && events.matching(Topics.ALERT_RESOLVED.name(),
                w -> ((AlertResolved) w).getAlertId().equals(alertId)).size() >= count, WAIT);
    }
}
