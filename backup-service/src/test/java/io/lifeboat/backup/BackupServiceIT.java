package io.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestCodec;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.kafka.TopicProbe.Seen;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.postgres.SampleSaasData;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * backup-service against a real broker, the schema registry and a real PostgreSQL cluster: backups are taken
 * over REST and their outcomes are read back from Kafka in Confluent wire format.
 */
class BackupServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static PostgresCluster pg;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static Path primary;
    static String baseUrl;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        pg = PostgresCluster.start("backup-it");
        pg.createDatabase("prosaas");
        SampleSaasData.load(pg, "prosaas", 1);
        pg.execute("prosaas", "CREATE ROLE backup_user LOGIN",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO backup_user",
                "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO backup_user");
        primary = work.resolve("primary");
        app = BackupServiceApplication.builder().run(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.backup.cron=-",
                "--lifeboat.backup.database.host=127.0.0.1",
                "--lifeboat.backup.database.port=" + pg.port(),
                "--lifeboat.backup.database.name=prosaas",
                "--lifeboat.backup.database.user=backup_user",
                "--lifeboat.backup.locations[0].name=primary",
                "--lifeboat.backup.locations[0].tier=PRIMARY",
                "--lifeboat.backup.locations[0].url=" + primary.toUri());
        baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        AvroEventDeserializer deserializer = new AvroEventDeserializer(
                new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)));
        events = TopicProbe.start(broker.bootstrapServers(), deserializer,
                List.of(Topics.BACKUP_COMPLETED.name(), Topics.BACKUP_FAILED.name()));
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (app != null) {
            app.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void backupIsStoredWithItsManifestAndAnnouncedInWireFormat() throws Exception {
        String backupId = startBackup();
        Seen<SpecificRecord> seen = events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getBackupId().equals(backupId), WAIT);
        BackupCompleted completed = (BackupCompleted) seen.value();

        assertThat(seen.key()).isEqualTo(backupId);
        ByteBuffer raw = ByteBuffer.wrap(seen.raw());
        assertThat(raw.get()).as("Confluent magic byte").isZero();
        assertThat(raw.getInt()).as("schema id").isEqualTo(registeredId(Topics.BACKUP_COMPLETED.valueSubject()));
        assertThat(completed.getCopies()).singleElement()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo(CopyStatus.STORED));

        Path manifestFile = primary.resolve(completed.getManifestKey());
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        assertThat(DigestingInputStream.drain(Files.newInputStream(manifestFile)).sha256())
                .isEqualTo(completed.getManifestSha256());
        Manifest manifest = ManifestCodec.decode(manifestBytes, "test");
        ManifestObject dump = manifest.objects().get(0);
        Path dumpFile = primary.resolve(dump.key());
        assertThat(DigestingInputStream.drain(Files.newInputStream(dumpFile)).sha256()).isEqualTo(dump.storedSha256());
        assertThat(Files.size(dumpFile)).isEqualTo(dump.storedBytes()).isEqualTo(completed.getStoredBytes());

        try (Connection c = pg.connect("prosaas")) {
            assertThat(manifest.tables()).isEqualTo(TableFingerprints.of(c));
        }
        assertThat(manifest.tables().get("public.calls").rows()).isEqualTo(5000);
        String listing = run(PostgresTools.tool("pg_restore").toString(), "--list", dumpFile.toString());
        assertThat(listing).contains("TABLE DATA public transcripts");
    }

    @Test
    void unreachableDatabaseGivesBackupFailedAndStoresNothing() throws Exception {
        pg.stop();
        String backupId;
        try {
            backupId = startBackup();
            BackupFailed failed = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> ((BackupFailed) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(failed.getReason()).isEqualTo(BackupFailureReason.DATABASE_UNREACHABLE);
            assertThat(failed.getDetail()).contains("database 'prosaas'").contains("unreachable");
        } finally {
            pg.start();
        }
        assertThat(primary.resolve("backups/database-dump/" + backupId)).doesNotExist();
    }

    @Test
    void failingPgDumpGivesBackupFailedAndLeavesNoPartialObject() throws Exception {
        pg.execute("prosaas", "CREATE SEQUENCE audit_seq");
        try {
            String backupId = startBackup();
            BackupFailed failed = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> ((BackupFailed) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(failed.getReason()).isEqualTo(BackupFailureReason.DUMP_FAILED);
            assertThat(failed.getDetail()).contains("pg_dump").contains("permission denied for sequence audit_seq");
            Path dir = primary.resolve("backups/database-dump/" + backupId);
            assertThat(dir.resolve("manifest.json")).doesNotExist();
            assertThat(dir.resolve("data/database.pgdump")).doesNotExist();
        } finally {
            pg.execute("prosaas", "DROP SEQUENCE audit_seq");
        }
    }

    @Test
    void storageOutageGivesBackupFailed() throws Exception {
        Path blocked = work.resolve("blocked");
        Files.writeString(blocked, "a file where a directory should be");
        try (ConfigurableApplicationContext second = BackupServiceApplication.builder().run(
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.backup.cron=-",
                "--lifeboat.backup.database.host=127.0.0.1",
                "--lifeboat.backup.database.port=" + pg.port(),
                "--lifeboat.backup.database.name=prosaas",
                "--lifeboat.backup.database.user=backup_user",
                "--lifeboat.backup.locations[0].name=primary",
                "--lifeboat.backup.locations[0].tier=PRIMARY",
                "--lifeboat.backup.locations[0].url=" + blocked.resolve("repo").toUri())) {
            String url = "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port");
            String backupId = startBackup(url);
            BackupFailed failed = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> ((BackupFailed) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(failed.getReason()).isEqualTo(BackupFailureReason.STORAGE_UNAVAILABLE);
            assertThat(failed.getDetail()).contains("unable to write");
        }
    }

    private static String startBackup() throws Exception {
        return startBackup(baseUrl);
    }

    private static String startBackup(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/api/backups"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        Matcher m = Pattern.compile("\"backupId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as("backupId in %s", response.body()).isTrue();
        return m.group(1);
    }

    private static int registeredId(String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(registry.url().resolve("/subjects/" + subject + "/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(m.find()).as("id in %s", response.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
