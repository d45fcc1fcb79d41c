package io.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.ArchivedSegment;
import io.lifeboat.events.backup.BackupCompleted;
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
import io.lifeboat.format.crypto.CipherWarmUp;
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
import io.lifeboat.schemas.topic.Topics;
import io.lifeboat.verify.fixtures.AlertMarker;
import io.lifeboat.verify.fixtures.Http;
import io.lifeboat.verify.fixtures.S3LocationArgs;
import io.lifeboat.verify.fixtures.TestRepository;
import io.lifeboat.verify.fixtures.TestRepository.Stored;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * verify-service against a real broker and registry, with two locations: the filesystem driver ("primary") and
 * the S3 driver on s3proxy ("secondary"). Backups are written in the encrypted repository format, damaged in the
 * ways the policy fears on both locations, announced with BackupCompleted, and the outcome is read back from Kafka.
 */
class VerifyServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static S3ProxyServer s3;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static KafkaProducer<String, SpecificRecord> producer;
    static LocalKeysetMasterKeys keys;
    static LocalKeysetMasterKeys foreignKeys;
    static Storage primary;
    static S3Storage secondary;
    static TestRepository repository;
    static String base;
    static String[] appArgs;

    static void startApp() {
        app = VerifyServiceApplication.builder().run(appArgs);
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        s3 = new S3ProxyServer();
        keys = LocalKeysetMasterKeys.createFile(work.resolve("master-keys.json"));
        foreignKeys = LocalKeysetMasterKeys.createFile(work.resolve("foreign-keys.json"));
        Path primaryRoot = work.resolve("primary");
        primary = new FilesystemStorage(primaryRoot);
        secondary = s3.storageBuilder().prefix("secondary").build();
        repository = new TestRepository(List.of(primary, secondary));
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.policy.file=../config/policy.yml",
                "--lifeboat.keys.keyset-file=" + keys.file(),
                "--lifeboat.verify.locations[0].name=primary",
                "--lifeboat.verify.locations[0].tier=PRIMARY",
                "--lifeboat.verify.locations[0].url=" + primaryRoot.toUri()));
        args.addAll(List.of(S3LocationArgs.of(s3, 1, "secondary", "secondary", 0)));
        appArgs = args.toArray(String[]::new);
        startApp();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.INTEGRITY_CHECKED.name(), Topics.ALERT_RAISED.name(), Topics.ALERT_RESOLVED.name(),
                        Topics.BACKUP_COMPLETED.deadLetter("verify-service")));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new AvroEventSerializer(client));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, producer, app, secondary, s3, registry, broker}) {
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
    void startingTheServiceWarmsUpAesGcm() {
        assertThat(CipherWarmUp.started()).as("%s started CipherWarmUp as its context started", "verify-service").isTrue();
    }

    @Test
    void anIntactBackupPassesAtEveryLocation() {
        Stored backup = repository.write("intact", keys);
        publish(backup);
        for (String location : List.of("primary", "secondary")) {
            IntegrityChecked checked = awaitCheck(backup.id(), location, 1);
            assertThat(checked.getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
            assertThat(checked.getFindings()).isEmpty();
            assertThat(checked.getBytesVerified()).isEqualTo(backup.storedBytes());
        }
        AlertMarker.publish(producer, events, WAIT);
        assertThat(alertsFor(backup.id())).isEmpty();
    }

    /** One fault: how to inject it into one location's copy, and the outcome it must be reported with. */
    record Fault(String name, IntegrityOutcome outcome, Consumer<Damage> inject) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Where to damage. */
    record Damage(Storage storage, Stored backup) {
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                new Fault("one flipped bit", IntegrityOutcome.CORRUPT,
                        d -> TestRepository.flipBit(d.storage(), d.backup().objectKey(), 100)),
                new Fault("truncated object", IntegrityOutcome.CORRUPT,
                        d -> TestRepository.truncate(d.storage(), d.backup().objectKey())),
                new Fault("deleted object", IntegrityOutcome.MISSING,
                        d -> d.storage().delete(d.backup().objectKey())),
                new Fault("deleted manifest", IntegrityOutcome.MISSING,
                        d -> d.storage().delete(d.backup().manifestKey())),
                new Fault("tampered manifest", IntegrityOutcome.MANIFEST_INVALID,
                        d -> TestRepository.tamperManifest(d.storage(), d.backup().manifestKey())))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachFaultOnEveryDriverIsNamedAlertedOnceAndResolvedAfterRepair(Fault fault) {
        Stored backup = repository.write(fault.name().replace(' ', '-'), keys);
        Map<Storage, Map<String, byte[]>> originals = Map.of(
                primary, snapshot(primary, backup), secondary, snapshot(secondary, backup));
        fault.inject().accept(new Damage(primary, backup));
        fault.inject().accept(new Damage(secondary, backup));
        publish(backup);
        for (String location : List.of("primary", "secondary")) {
            IntegrityChecked checked = awaitCheck(backup.id(), location, 1);
            assertThat(checked.getOutcome()).as(fault + " at " + location).isEqualTo(fault.outcome());
            assertThat(checked.getFindings()).isNotEmpty();
            AlertRaised alert = awaitAlert(AlertIds.integrity(backup.id(), location));
            assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.getRunbookStep()).contains("POL-ISMS-008");
        }
        // checking again while the copy stays damaged raises nothing new
        assertThat(Http.post(base + "/api/verifications/" + backup.id()).statusCode()).isEqualTo(200);
        awaitCheck(backup.id(), "primary", 2);
        awaitCheck(backup.id(), "secondary", 2);
        AlertMarker.publish(producer, events, WAIT);
        assertThat(alertsFor(backup.id())).hasSize(2);

        originals.forEach((storage, objects) -> objects.forEach((key, bytes) -> TestRepository.put(storage, key, bytes)));
        HttpResponse<String> again = Http.post(base + "/api/verifications/" + backup.id());
        assertThat(again.body()).contains("PASSED").doesNotContain(fault.outcome().name());
        for (String location : List.of("primary", "secondary")) {
            assertThat(awaitCheck(backup.id(), location, 3).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
            AlertResolved resolved = (AlertResolved) events.await(Topics.ALERT_RESOLVED.name(),
                    v -> ((AlertResolved) v).getAlertId().equals(AlertIds.integrity(backup.id(), location)), WAIT)
                    .value();
            assertThat(resolved.getRule()).isEqualTo(AlertIds.BACKUP_INTEGRITY);
        }
        assertThat(alertsFor(backup.id())).hasSize(2);
    }

    @Test
    void aFlippedBitNamesTheObjectAndItsExpectedChecksum() {
        Stored backup = repository.write("flipped-detail", keys);
        TestRepository.flipBit(secondary, backup.objectKey(), 200);
        publish(backup);
        assertThat(awaitCheck(backup.id(), "primary", 1).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
        IntegrityChecked checked = awaitCheck(backup.id(), "secondary", 1);
        assertThat(checked.getFindings()).singleElement().satisfies(f -> {
            assertThat(f.getObjectKey()).isEqualTo(backup.objectKey());
            assertThat(f.getExpected()).isEqualTo(backup.storedSha256());
            assertThat(f.getDetail()).contains(backup.objectKey());
        });
        awaitAlert(AlertIds.integrity(backup.id(), "secondary"));
        assertThat(alertsFor(backup.id())).singleElement().satisfies(s ->
                assertThat(((AlertRaised) s.value()).getAlertId())
                        .isEqualTo(AlertIds.integrity(backup.id(), "secondary")));
    }

    @Test
    void everyProblemOfABackupIsCollected() {
        Stored backup = repository.write("two-problems", keys);
        TestRepository.flipBit(primary, backup.objectKey(), 300);
        TestRepository.tamperManifest(secondary, backup.manifestKey());
        secondary.delete(backup.objectKey());
        publish(backup);
        assertThat(awaitCheck(backup.id(), "primary", 1).getOutcome()).isEqualTo(IntegrityOutcome.CORRUPT);
        assertThat(awaitCheck(backup.id(), "secondary", 1).getOutcome())
                .isEqualTo(IntegrityOutcome.MANIFEST_INVALID);
    }

    @Test
    void aBackupUnderAWrongKeyIsKeyUnavailableUntilRewrittenUnderTheRightOne() {
        String id = "wrong-key-" + UUID.randomUUID().toString().substring(0, 8);
        Stored backup = repository.write(id, "DATABASE_DUMP", foreignKeys, Map.of());
        publish(backup);
        for (String location : List.of("primary", "secondary")) {
            assertThat(awaitCheck(id, location, 1).getOutcome()).isEqualTo(IntegrityOutcome.KEY_UNAVAILABLE);
            assertThat(awaitAlert(AlertIds.integrity(id, location)).getSeverity()).isEqualTo(Severity.CRITICAL);
        }
        Stored repaired = repository.write(id, "DATABASE_DUMP", keys, Map.of());
        publish(repaired);
        for (String location : List.of("primary", "secondary")) {
            assertThat(awaitCheck(id, location, 2).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
            events.await(Topics.ALERT_RESOLVED.name(),
                    v -> ((AlertResolved) v).getAlertId().equals(AlertIds.integrity(id, location)), WAIT);
        }
        assertThat(alertsFor(id)).hasSize(2);
    }

    @Test
    void aMissingWalSegmentBreaksTheChainAtEveryLocationUntilItIsBack() {
        String system = Long.toString(7_000_000_000L + new java.util.Random().nextInt(1_000_000));
        List<Stored> segments = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            segments.add(repository.writeWal(String.format("0000000100000000000000%02X", i), system, keys));
        }
        publishWal(system, segments);
        for (Stored segment : segments) {
            assertThat(awaitCheck(segment.id(), "secondary", 1).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
        }
        Stored baseBackup = repository.write("base-" + UUID.randomUUID().toString().substring(0, 8),
                "DATABASE_BASE", keys, Map.of("walStartLsn", "0/1000028", "timeline", "1",
                        "systemIdentifier", system));
        publish(baseBackup);
        awaitCheck(baseBackup.id(), "secondary", 1);

        Stored missing = segments.get(2);
        Map<Storage, Map<String, byte[]>> originals = Map.of(
                primary, snapshot(primary, missing), secondary, snapshot(secondary, missing));
        for (Storage storage : List.of(primary, secondary)) {
            storage.delete(missing.manifestKey());
            storage.delete(missing.objectKey());
        }
        assertThat(Http.post(base + "/api/verifications").statusCode()).isEqualTo(200);
        for (String location : List.of("primary", "secondary")) {
            IntegrityChecked chain = awaitCheck("wal-" + system, location, 1);
            assertThat(chain.getOutcome()).isEqualTo(IntegrityOutcome.MISSING);
            assertThat(chain.getFindings()).singleElement()
                    .satisfies(f -> assertThat(f.getObjectKey()).isEqualTo("000000010000000000000003"));
            assertThat(awaitAlert(AlertIds.integrity("wal-" + system, location)).getSeverity())
                    .isEqualTo(Severity.CRITICAL);
            // the segment's own copy is reported missing too
            assertThat(awaitCheck(missing.id(), location, 2).getOutcome()).isEqualTo(IntegrityOutcome.MISSING);
        }
        originals.forEach((storage, objects) -> objects.forEach((key, bytes) -> TestRepository.put(storage, key, bytes)));
        assertThat(Http.post(base + "/api/verifications").statusCode()).isEqualTo(200);
        for (String location : List.of("primary", "secondary")) {
            assertThat(awaitCheck("wal-" + system, location, 2).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
            events.await(Topics.ALERT_RESOLVED.name(), v -> ((AlertResolved) v).getAlertId()
                    .equals(AlertIds.integrity("wal-" + system, location)), WAIT);
        }
        assertThat(events.matching(Topics.ALERT_RAISED.name(),
                v -> ((AlertRaised) v).getSubject().contains("wal archive of cluster " + system))).hasSize(2);
    }

    @Test
    void aPendingCopyIsVerifiedWhenItLands() throws Exception {
        Stored backup = repository.write("pending", keys);
        byte[] object = TestRepository.read(secondary, backup.objectKey());
        byte[] manifest = TestRepository.read(secondary, backup.manifestKey());
        secondary.delete(backup.manifestKey());
        secondary.delete(backup.objectKey());
        BackupCompleted event = completed(backup);
        event.setCopies(List.of(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED),
                new LocationCopy("secondary", StorageTier.SECONDARY, CopyStatus.PENDING)));
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), backup.id(), event)).get();
        awaitCheck(backup.id(), "primary", 1);
        TestRepository.put(secondary, backup.objectKey(), object);
        TestRepository.put(secondary, backup.manifestKey(), manifest);
        producer.send(new ProducerRecord<>(Topics.COPY_STORED.name(), backup.id(), CopyStored.newBuilder()
                .setHeader(header(backup.id())).setBackupId(backup.id()).setDataType(DataType.DATABASE_DUMP)
                .setManifestKey(backup.manifestKey()).setManifestSha256(backup.manifestSha256())
                .setCopy(new LocationCopy("secondary", StorageTier.SECONDARY, CopyStatus.STORED)).setAttempts(2)
                .build())).get();
        IntegrityChecked landed = awaitCheck(backup.id(), "secondary", 1);
        assertThat(landed.getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
        assertThat(landed.getKind()).isEqualTo(CheckKind.ON_COMPLETION);
    }

    @Test
    void restShowsTheStateOfEveryCheckAndPrometheusTheGauges() {
        Stored backup = repository.write("state", keys);
        publish(backup);
        awaitCheck(backup.id(), "secondary", 1);
        assertThat(Http.post(base + "/api/verifications/unknown-backup").statusCode()).isEqualTo(404);
        HttpResponse<String> state = Http.get(base + "/api/checks");
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.body()).contains("\"backupId\":\"" + backup.id() + "\"", "\"openAlerts\"", "\"sweep\"",
                "\"budgetUsedTodayBytes\"");
        Http.post(base + "/api/monitoring/evaluate");
        String metrics = Http.get(base + "/actuator/prometheus").body();
        assertThat(metrics).contains("lifeboat_backup_age_seconds{data_type=\"DATABASE_DUMP\"}",
                "lifeboat_rpo_achieved_seconds",
                "lifeboat_verification_last_outcome{location=\"primary\",outcome=\"PASSED\"}",
                "lifeboat_storage_used_ratio{location=\"primary\"}");
    }

    @Test
    void aRestartedInstanceKeepsAnOpenAlertOpenAndResolvesItAfterRepair() {
        Stored backup = repository.write("restart", keys);
        byte[] original = TestRepository.read(primary, backup.objectKey());
        TestRepository.flipBit(primary, backup.objectKey(), 150);
        publish(backup);
        assertThat(awaitCheck(backup.id(), "primary", 1).getOutcome()).isEqualTo(IntegrityOutcome.CORRUPT);
        String alertId = AlertIds.integrity(backup.id(), "primary");
        awaitAlert(alertId);

        app.close();
        startApp();
        // the new instance rebuilds its catalogue and its open alerts from the topics
        awaitState(alertId);
        awaitState("\"backupId\":\"" + backup.id() + "\"");
        assertThat(Http.post(base + "/api/verifications/" + backup.id()).body()).contains("CORRUPT");
        assertThat(awaitCheck(backup.id(), "primary", 2).getOutcome()).isEqualTo(IntegrityOutcome.CORRUPT);
        AlertMarker.publish(producer, events, WAIT);
        assertThat(events.matching(Topics.ALERT_RAISED.name(), v -> ((AlertRaised) v).getAlertId().equals(alertId)))
                .hasSize(1);

        TestRepository.put(primary, backup.objectKey(), original);
        assertThat(Http.post(base + "/api/verifications/" + backup.id()).body()).doesNotContain("CORRUPT");
        events.await(Topics.ALERT_RESOLVED.name(), v -> ((AlertResolved) v).getAlertId().equals(alertId), WAIT);
    }

    private static void awaitState(String fragment) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Http.get(base + "/api/checks").body().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET /api/checks never showed " + fragment);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() throws Exception {
        byte[] poison = "not an avro record".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), "poison", poison)).get();
        }
        Stored after = repository.write("after-poison", keys);
        publish(after);
        assertThat(awaitCheck(after.id(), "primary", 1).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
        String dlt = Topics.BACKUP_COMPLETED.deadLetter("verify-service");
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (events.all().stream().noneMatch(s -> s.topic().equals(dlt)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(events.all()).filteredOn(s -> s.topic().equals(dlt))
                .singleElement().satisfies(s -> assertThat(s.raw()).isEqualTo(poison));
    }

    @Test
    void aRedeliveredEventIsVerifiedOnce() throws Exception {
        Stored backup = repository.write("redelivered", keys);
        BackupCompleted event = completed(backup);
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), backup.id(), event)).get();
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), backup.id(), event)).get();
        awaitCheck(backup.id(), "secondary", 1);
        Stored marker = repository.write("marker", keys);
        publish(marker);
        awaitCheck(marker.id(), "secondary", 1);
        assertThat(checks(backup.id(), "primary")).hasSize(1);
        assertThat(checks(backup.id(), "secondary")).hasSize(1);
    }

    private static Map<String, byte[]> snapshot(Storage storage, Stored backup) {
        return Map.of(backup.objectKey(), TestRepository.read(storage, backup.objectKey()),
                backup.manifestKey(), TestRepository.read(storage, backup.manifestKey()));
    }

    private static EventHeader header(String correlationId) {
        return EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setProducer(new Producer("backup-service", "test"))
                .setCorrelationId(correlationId).setPolicyId("POL-ISMS-008@1.0").build();
    }

    private static void publishWal(String system, List<Stored> segments) {
        WalArchived event = WalArchived.newBuilder().setHeader(header(system)).setSystemIdentifier(system)
                .setTimeline(1).setSegments(segments.stream().map(s -> ArchivedSegment.newBuilder()
                        .setSegmentName(s.id().substring(0, 24)).setBackupId(s.id()).setManifestKey(s.manifestKey())
                        .setManifestSha256(s.manifestSha256()).setPlainBytes(s.storedBytes())
                        .setStoredBytes(s.storedBytes())
                        .setCopies(List.of(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED),
                                new LocationCopy("secondary", StorageTier.SECONDARY, CopyStatus.STORED)))
                        .build()).toList()).build();
        try {
            producer.send(new ProducerRecord<>(Topics.WAL_ARCHIVED.name(), system, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BackupCompleted completed(Stored s) {
        return BackupCompleted.newBuilder()
                .setHeader(header(s.id()))
                .setBackupId(s.id()).setDataType(DataType.valueOf(s.dataType())).setSource("prosaas")
                .setStartedAt(Instant.now()).setCompletedAt(Instant.now())
                .setManifestKey(s.manifestKey()).setManifestSha256(s.manifestSha256()).setObjectCount(1)
                .setPlainBytes(s.storedBytes()).setStoredBytes(s.storedBytes())
                .setCopies(List.of(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED),
                        new LocationCopy("secondary", StorageTier.SECONDARY, CopyStatus.STORED)))
                .build();
    }

    private static void publish(Stored s) {
        try {
            producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), s.id(), completed(s))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<IntegrityChecked> checks(String backupId, String location) {
        return events.matching(Topics.INTEGRITY_CHECKED.name(), v -> ((IntegrityChecked) v).getBackupId()
                .equals(backupId) && ((IntegrityChecked) v).getLocation().equals(location)).stream()
                .map(s -> (IntegrityChecked) s.value()).toList();
    }

    /** The {@code nth} check of the copy (1 = the first), waiting for it. */
    private static IntegrityChecked awaitCheck(String backupId, String location, int nth) {
        events.await(Topics.INTEGRITY_CHECKED.name(), v -> checks(backupId, location).size() >= nth, WAIT);
        return checks(backupId, location).get(nth - 1);
    }

    private static AlertRaised awaitAlert(String alertId) {
        return (AlertRaised) events.await(Topics.ALERT_RAISED.name(),
                v -> ((AlertRaised) v).getAlertId().equals(alertId), WAIT).value();
    }

    private static List<TopicProbe.Seen<SpecificRecord>> alertsFor(String backupId) {
        return events.matching(Topics.ALERT_RAISED.name(), v -> ((AlertRaised) v).getSubject().contains(backupId));
    }
}
