package io.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestCodec;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.DigestingInputStream.Digest;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * verify-service against a real broker and registry: stored backups are damaged on disk in the ways the
 * policy fears, BackupCompleted is published, and the outcome is read back from Kafka.
 */
class VerifyServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static KafkaProducer<String, SpecificRecord> producer;
    static Path primary;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        primary = work.resolve("primary");
        app = VerifyServiceApplication.builder().run(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.verify.locations[0].name=primary",
                "--lifeboat.verify.locations[0].tier=PRIMARY",
                "--lifeboat.verify.locations[0].url=" + primary.toUri());
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.INTEGRITY_CHECKED.name(), Topics.ALERT_RAISED.name(),
                        Topics.BACKUP_COMPLETED.deadLetter("verify-service")));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new AvroEventSerializer(client));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, producer, app, registry, broker}) {
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
    void anIntactCopyPasses() throws Exception {
        Stored backup = storeBackup("intact");
        publish(backup);
        IntegrityChecked checked = awaitCheck(backup.id);
        assertThat(checked.getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
        assertThat(checked.getFindings()).isEmpty();
        assertThat(checked.getBytesVerified()).isEqualTo(backup.size);
        assertThat(alertsFor(backup.id)).isEmpty();
    }

    @Test
    void aFlippedBitIsCorruptAndRaisesOneCriticalAlert() throws Exception {
        Stored backup = storeBackup("flipped");
        try (RandomAccessFile f = new RandomAccessFile(primary.resolve(backup.objectKey).toFile(), "rw")) {
            f.seek(100);
            int b = f.read();
            f.seek(100);
            f.write(b ^ 0x01);
        }
        publish(backup);
        IntegrityChecked checked = awaitCheck(backup.id);
        assertThat(checked.getOutcome()).isEqualTo(IntegrityOutcome.CORRUPT);
        assertThat(checked.getFindings()).singleElement().satisfies(f -> {
            assertThat(f.getObjectKey()).isEqualTo(backup.objectKey);
            assertThat(f.getExpected()).isEqualTo(backup.sha256);
            assertThat(f.getActual()).isNotEqualTo(backup.sha256);
        });
        AlertRaised alert = (AlertRaised) events.await(Topics.ALERT_RAISED.name(),
                v -> ((AlertRaised) v).getSubject().contains(backup.id), WAIT).value();
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getRunbookStep()).contains("POL-ISMS-008");
        assertThat(alertsFor(backup.id)).hasSize(1);
    }

    @Test
    void truncatedDeletedAndTamperedCopiesAreEachNamed() throws Exception {
        Stored truncated = storeBackup("truncated");
        Files.write(primary.resolve(truncated.objectKey), new byte[10]);
        Stored deleted = storeBackup("deleted");
        Files.delete(primary.resolve(deleted.objectKey));
        Stored tampered = storeBackup("tampered");
        Path manifest = primary.resolve(tampered.manifestKey);
        Files.writeString(manifest, Files.readString(manifest).replace(tampered.sha256, "0".repeat(64)));
        Stored noManifest = storeBackup("no-manifest");
        Files.delete(primary.resolve(noManifest.manifestKey));

        for (Stored s : List.of(truncated, deleted, tampered, noManifest)) {
            publish(s);
        }
        assertThat(awaitCheck(truncated.id).getOutcome()).isEqualTo(IntegrityOutcome.CORRUPT);
        assertThat(awaitCheck(deleted.id).getOutcome()).isEqualTo(IntegrityOutcome.MISSING);
        assertThat(awaitCheck(tampered.id).getOutcome()).isEqualTo(IntegrityOutcome.MANIFEST_INVALID);
        assertThat(awaitCheck(noManifest.id).getOutcome()).isEqualTo(IntegrityOutcome.MISSING);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheConsumerCarriesOn() throws Exception {
        byte[] poison = "not an avro record".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), "poison", poison)).get();
        }
        Stored after = storeBackup("after-poison");
        publish(after);
        assertThat(awaitCheck(after.id).getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
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
        Stored backup = storeBackup("redelivered");
        BackupCompleted event = completed(backup);
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), backup.id, event)).get();
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), backup.id, event)).get();
        awaitCheck(backup.id);
        Stored marker = storeBackup("marker");
        publish(marker);
        awaitCheck(marker.id);
        assertThat(events.matching(Topics.INTEGRITY_CHECKED.name(),
                v -> ((IntegrityChecked) v).getBackupId().equals(backup.id))).hasSize(1);
    }

    record Stored(String id, String objectKey, String manifestKey, String sha256, long size, String manifestSha) {
    }

    private static Stored storeBackup(String label) throws Exception {
        String id = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] data = new byte[64 * 1024];
        new java.util.Random(label.hashCode()).nextBytes(data);
        String objectKey = RepositoryLayout.objectKey("DATABASE_DUMP", id, "database.pgdump");
        Files.createDirectories(primary.resolve(objectKey).getParent());
        Files.write(primary.resolve(objectKey), data);
        Digest d = DigestingInputStream.drain(new ByteArrayInputStream(data));
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, "DATABASE_DUMP", "prosaas", Instant.now(),
                Instant.now(), List.of(new ManifestObject(objectKey, d.bytes(), d.sha256(), d.bytes(), d.sha256(),
                List.of())), Map.of(), Map.of());
        byte[] manifestBytes = ManifestCodec.encode(manifest);
        String manifestKey = RepositoryLayout.manifestKey("DATABASE_DUMP", id);
        Files.write(primary.resolve(manifestKey), manifestBytes);
        String manifestSha = DigestingInputStream.drain(new ByteArrayInputStream(manifestBytes)).sha256();
        return new Stored(id, objectKey, manifestKey, d.sha256(), d.bytes(), manifestSha);
    }

    private static BackupCompleted completed(Stored s) {
        return BackupCompleted.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setProducer(new Producer("backup-service", "test"))
                        .setCorrelationId(s.id).setPolicyId("POL-ISMS-008@1.0").build())
                .setBackupId(s.id).setDataType(DataType.DATABASE_DUMP).setSource("prosaas")
                .setStartedAt(Instant.now()).setCompletedAt(Instant.now())
                .setManifestKey(s.manifestKey).setManifestSha256(s.manifestSha).setObjectCount(1)
                .setPlainBytes(s.size).setStoredBytes(s.size)
                .setCopies(List.of(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED)))
                .build();
    }

    private static void publish(Stored s) throws Exception {
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), s.id, completed(s))).get();
    }

    private static IntegrityChecked awaitCheck(String backupId) {
        return (IntegrityChecked) events.await(Topics.INTEGRITY_CHECKED.name(),
                v -> ((IntegrityChecked) v).getBackupId().equals(backupId), WAIT).value();
    }

    private static List<TopicProbe.Seen<SpecificRecord>> alertsFor(String backupId) {
        return events.matching(Topics.ALERT_RAISED.name(), v -> ((AlertRaised) v).getSubject().contains(backupId));
    }
}
