package io.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.events.restore.AccessAudited;
import io.lifeboat.events.restore.AccessDecision;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.events.restore.RestoreCompleted;
import io.lifeboat.events.restore.RestoreOutcome;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestCodec;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.DigestingInputStream.Digest;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.postgres.SampleSaasData;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** restore-service against a real broker, registry and PostgreSQL: restores real dumps and checks the data. */
class RestoreServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RESTORER_TOKEN = "restorer-token-0123456789";
    private static final String AUDITOR_TOKEN = "auditor-token-0123456789";

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static PostgresCluster pg;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static KafkaProducer<String, SpecificRecord> producer;
    static Path primary;
    static Path secondary;
    static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        pg = PostgresCluster.start("restore-it");
        pg.createDatabase("prosaas");
        SampleSaasData.load(pg, "prosaas", 1);
        primary = work.resolve("primary");
        secondary = work.resolve("secondary");
        app = RestoreServiceApplication.builder().run(
                "--server.port=0",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.restore.target.host=127.0.0.1",
                "--lifeboat.restore.target.port=" + pg.port(),
                "--lifeboat.restore.target.user=postgres",
                "--lifeboat.restore.locations[0].name=primary",
                "--lifeboat.restore.locations[0].tier=PRIMARY",
                "--lifeboat.restore.locations[0].url=" + primary.toUri(),
                "--lifeboat.restore.locations[1].name=secondary",
                "--lifeboat.restore.locations[1].tier=SECONDARY",
                "--lifeboat.restore.locations[1].url=" + secondary.toUri(),
                "--lifeboat.restore.operators[0].name=olivia",
                "--lifeboat.restore.operators[0].token-sha256=" + sha256(RESTORER_TOKEN),
                "--lifeboat.restore.operators[0].roles=RESTORE,DR_DECLARE",
                "--lifeboat.restore.operators[1].name=audrey",
                "--lifeboat.restore.operators[1].token-sha256=" + sha256(AUDITOR_TOKEN),
                "--lifeboat.restore.operators[1].roles=DR_DECLARE");
        baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.RESTORE_COMPLETED.name(), Topics.ACCESS_AUDITED.name(), Topics.DR_DECLARED.name()));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new AvroEventSerializer(client));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, producer, app, registry, broker, pg}) {
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
    void restoresADumpIntoANewDatabaseAndProvesEveryTable() throws Exception {
        Dump dump = dumpToBothLocations();
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id + "\",\"targetDatabase\":\"restored_full\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));

        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(done.getSourceLocation()).isEqualTo("primary");
        assertThat(done.getRequestedBy()).isEqualTo("olivia");
        assertThat(done.getRtoMet()).isTrue();
        assertThat(done.getRtoMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        Map<String, Long> expected = new java.util.TreeMap<>();
        dump.tables.forEach((t, fp) -> expected.put(t, fp.rows()));
        assertThat(done.getTableRowCounts()).isEqualTo(expected);
        try (Connection c = pg.connect("restored_full")) {
            assertThat(TableFingerprints.of(c)).isEqualTo(dump.tables);
        }
    }

    @Test
    void aCorruptPrimaryCopyFallsBackToTheSecondaryAndSaysSo() throws Exception {
        Dump dump = dumpToBothLocations();
        try (RandomAccessFile f = new RandomAccessFile(primary.resolve(dump.objectKey).toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id + "\",\"targetDatabase\":\"restored_fallback\"}");
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));
        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(done.getSourceLocation()).isEqualTo("secondary");
    }

    @Test
    void anExistingTargetDatabaseIsNeverOverwritten() throws Exception {
        Dump dump = dumpToBothLocations();
        pg.createDatabase("occupied");
        pg.execute("occupied", "CREATE TABLE keep_me (id int)", "INSERT INTO keep_me VALUES (42)");
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id + "\",\"targetDatabase\":\"occupied\"}");
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));
        assertThat(done.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
        assertThat(done.getDetail()).contains("target database 'occupied' already exists");
        try (Connection c = pg.connect("occupied")) {
            assertThat(TableFingerprints.of(c)).containsOnlyKeys("public.keep_me");
        }
    }

    @Test
    void unauthenticatedAndUnauthorisedRequestsAreRefusedAndAudited() throws Exception {
        assertThat(post("/api/restores", null, "{\"backupId\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(post("/api/restores", "wrong-token", "{\"backupId\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(post("/api/restores", AUDITOR_TOKEN, "{\"backupId\":\"x\"}").statusCode()).isEqualTo(403);

        AccessAudited forbidden = (AccessAudited) events.await(Topics.ACCESS_AUDITED.name(),
                v -> ((AccessAudited) v).getDecision() == AccessDecision.FORBIDDEN, WAIT).value();
        assertThat(forbidden.getOperator()).isEqualTo("audrey");
        assertThat(forbidden.getAction()).isEqualTo("POST /api/restores");
        events.await(Topics.ACCESS_AUDITED.name(), v -> ((AccessAudited) v).getDecision()
                == AccessDecision.UNAUTHENTICATED && ((AccessAudited) v).getDetail().equals("unknown token"), WAIT);
        events.await(Topics.ACCESS_AUDITED.name(), v -> ((AccessAudited) v).getDecision()
                == AccessDecision.UNAUTHENTICATED && ((AccessAudited) v).getDetail().equals("no bearer token"), WAIT);
        assertThat(events.all()).noneSatisfy(s -> assertThat(new String(s.raw(), StandardCharsets.ISO_8859_1))
                .contains("wrong-token"));
    }

    @Test
    void aDisasterDeclarationIsPublishedWithTheOperator() throws Exception {
        HttpResponse<String> created = post("/api/dr/declarations", AUDITOR_TOKEN,
                "{\"trigger\":\"EXERCISE\",\"reason\":\"quarterly DR test\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String drId = id(created.body(), "drId");
        DrDeclared declared = (DrDeclared) events.await(Topics.DR_DECLARED.name(),
                v -> ((DrDeclared) v).getDrId().equals(drId), WAIT).value();
        assertThat(declared.getTrigger()).isEqualTo(DrTrigger.EXERCISE);
        assertThat(declared.getDeclaredBy()).isEqualTo("audrey");
        assertThat(post("/api/dr/declarations", AUDITOR_TOKEN, "{\"reason\":\"no trigger\"}").statusCode())
                .isEqualTo(400);
    }

    record Dump(String id, String objectKey, Map<String, TableFingerprint> tables) {
    }

    /** A real pg_dump of the sample database with its manifest, stored at both locations and announced. */
    private static Dump dumpToBothLocations() throws Exception {
        String id = "b-" + UUID.randomUUID().toString().substring(0, 8);
        String objectKey = RepositoryLayout.objectKey("DATABASE_DUMP", id, "database.pgdump");
        Path file = primary.resolve(objectKey);
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder(PostgresTools.tool("pg_dump").toString(), "-Fc", "-f", file.toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", "postgres", "prosaas")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Map<String, TableFingerprint> tables;
        try (Connection c = pg.connect("prosaas")) {
            tables = TableFingerprints.of(c);
        }
        Digest d = DigestingInputStream.drain(Files.newInputStream(file));
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, "DATABASE_DUMP", "prosaas", Instant.now(),
                Instant.now(), List.of(new ManifestObject(objectKey, d.bytes(), d.sha256(), d.bytes(), d.sha256(),
                List.of())), Map.of(), tables);
        byte[] manifestBytes = ManifestCodec.encode(manifest);
        String manifestKey = RepositoryLayout.manifestKey("DATABASE_DUMP", id);
        Files.write(primary.resolve(manifestKey), manifestBytes);
        Files.createDirectories(secondary.resolve(objectKey).getParent());
        Files.copy(file, secondary.resolve(objectKey));
        Files.write(secondary.resolve(manifestKey), manifestBytes);
        BackupCompleted event = BackupCompleted.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setProducer(new Producer("backup-service", "test"))
                        .setCorrelationId(id).setPolicyId("POL-ISMS-008@1.0").build())
                .setBackupId(id).setDataType(DataType.DATABASE_DUMP).setSource("prosaas")
                .setStartedAt(Instant.now()).setCompletedAt(Instant.now()).setManifestKey(manifestKey)
                .setManifestSha256(DigestingInputStream.drain(new ByteArrayInputStream(manifestBytes)).sha256())
                .setObjectCount(1).setPlainBytes(d.bytes()).setStoredBytes(d.bytes())
                .setCopies(List.of(new LocationCopy("primary", StorageTier.PRIMARY, CopyStatus.STORED),
                        new LocationCopy("secondary", StorageTier.SECONDARY, CopyStatus.STORED)))
                .build();
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), id, event)).get();
        awaitCatalogued(id);
        return new Dump(id, objectKey, tables);
    }

    private static void awaitCatalogued(String backupId) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/api/catalogue")).header("Authorization", "Bearer " + RESTORER_TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.body().contains(backupId)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("backup " + backupId + " never reached the catalogue");
    }

    private static RestoreCompleted awaitRestore(String restoreId) {
        return (RestoreCompleted) events.await(Topics.RESTORE_COMPLETED.name(),
                v -> ((RestoreCompleted) v).getRestoreId().equals(restoreId), WAIT).value();
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String id(String body, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        assertThat(m.find()).as("%s in %s", field, body).isTrue();
        return m.group(1);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
