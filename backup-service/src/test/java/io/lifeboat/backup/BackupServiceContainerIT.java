package io.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same logical backup against the official {@code postgres:15} image, where a Docker engine exists. Without
 * Docker this class is skipped; {@link BackupServiceIT} covers the same path on a cluster made with initdb.
 */
@Testcontainers(disabledWithoutDocker = true)
class BackupServiceContainerIT {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15")
            .withDatabaseName("prosaas").withUsername("lifeboat").withPassword("container-secret");

    @TempDir
    Path work;

    @Test
    void backsUpTheOfficialPostgresImage() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(),
                POSTGRES.getPassword()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE calls (id int PRIMARY KEY, caller text)");
            s.execute("INSERT INTO calls SELECT g, 'caller-' || g FROM generate_series(1, 500) g");
        }
        Path keyset = work.resolve("master-keys.json");
        LocalKeysetMasterKeys.createFile(keyset);
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"));
             SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
             ConfigurableApplicationContext app = BackupServiceApplication.builder().run(
                     "--server.port=0",
                     "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                     "--lifeboat.schema-registry.url=" + registry.url(),
                     "--lifeboat.policy.file=../config/policy.yml",
                     "--lifeboat.keys.keyset-file=" + keyset,
                     "--lifeboat.backup.schedule-enabled=false",
                     "--lifeboat.backup.outbox-dir=" + work.resolve("outbox"),
                     "--lifeboat.backup.wal.enabled=false",
                     "--lifeboat.backup.database.host=" + POSTGRES.getHost(),
                     "--lifeboat.backup.database.port=" + POSTGRES.getFirstMappedPort(),
                     "--lifeboat.backup.database.name=prosaas",
                     "--lifeboat.backup.database.user=lifeboat",
                     "--lifeboat.backup.database.password=container-secret",
                     "--lifeboat.backup.locations[0].name=primary",
                     "--lifeboat.backup.locations[0].tier=PRIMARY",
                     "--lifeboat.backup.locations[0].url=" + work.resolve("primary").toUri());
             TopicProbe<SpecificRecord> events = TopicProbe.start(broker.bootstrapServers(),
                     new AvroEventDeserializer(new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5))),
                     List.of(Topics.BACKUP_COMPLETED.name()))) {
            String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url + "/api/backups")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            Matcher m = Pattern.compile("\"backupId\"\\s*:\\s*\"([^\"]+)\"").matcher(started.body());
            assertThat(m.find()).isTrue();
            String backupId = m.group(1);
            BackupCompleted completed = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                    v -> ((BackupCompleted) v).getBackupId().equals(backupId), Duration.ofSeconds(90)).value();
            assertThat(completed.getCopies()).singleElement()
                    .satisfies(copy -> assertThat(copy.getStatus()).isEqualTo(CopyStatus.STORED));
            assertThat(completed.getPlainBytes()).isPositive();
        }
    }
}
