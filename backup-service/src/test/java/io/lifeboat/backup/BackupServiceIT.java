package io.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.events.backup.ArchivedSegment;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.events.backup.WalArchived;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.format.crypto.CipherWarmUp;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.kafka.TopicProbe.Seen;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.postgres.SampleSaasData;
import io.lifeboat.infra.process.Teardown;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.ByteArrayInputStream;
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
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
    /** Not the default (3), so that objects show whether the setting reached the code that wrote them. */
    private static final int COMPRESSION_LEVEL = 7;

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static PostgresCluster pg;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> events;
    static Path primary;
    static Path secondary;
    static Path cold;
    static Path keysetFile;
    static Path configRepo;
    static Path secrets;
    static Path media;
    static LocalKeysetMasterKeys masterKeys;
    static String baseUrl;
    /** A row value that must never appear in stored bytes. */
    static final String CANARY = "lifeboat-canary-7f3a91c2-plaintext";

    @BeforeAll
    static void start() throws IOException {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        pg = PostgresCluster.start("backup-it");
        pg.createDatabase("prosaas");
        SampleSaasData.load(pg, "prosaas", 1);
        pg.execute("prosaas", "CREATE TABLE call_events AS SELECT g AS id, md5(g::text) AS payload"
                + " FROM generate_series(1, 60000) g", "ANALYZE call_events");
        // every kind of value whose text depends on session settings, and tables pg_dump treats specially: the
        // fingerprints read from the dump stream must equal the ones recomputed from the live tables regardless of
        // the database's own settings (which differ from pg_dump's and the fingerprint session's on purpose)
        pg.execute("prosaas", "CREATE TABLE typed_values (id int, note text, at timestamptz, ratio float8,"
                        + " blob bytea, tags int[], doc jsonb, amount numeric, span interval, day date,"
                        + " doubled int GENERATED ALWAYS AS (id * 2) STORED, gone int)",
                "INSERT INTO typed_values (id, note, at, ratio, blob, tags, doc, amount, span, day, gone) VALUES"
                        + " (1, E'tab\\there\\nnewline \\\\ backslash', '2025-01-01 12:00+00', 0.1, '\\x00ff',"
                        + " '{1,2}', '{\"k\": \"v\"}', 1.50, '1 day 2 hours', '2025-02-03', 0),"
                        + " (2, NULL, NULL, 1e300, NULL, NULL, NULL, NULL, NULL, NULL, 0),"
                        + " (3, 'ünïcødé 😀', now(), 'NaN', '', '{}', '[]', -0, '-1 year', 'infinity', 0)",
                "ALTER TABLE typed_values DROP COLUMN gone",
                "CREATE TABLE empty_table (x int)",
                "CREATE SCHEMA \"Odd Schema\"", "CREATE TABLE \"Odd Schema\".\"we\"\"ird\" (v text)",
                "INSERT INTO \"Odd Schema\".\"we\"\"ird\" VALUES ('x')",
                "CREATE TABLE ranges (k int, v text) PARTITION BY RANGE (k)",
                "CREATE TABLE ranges_low PARTITION OF ranges FOR VALUES FROM (0) TO (10)",
                "CREATE TABLE ranges_high PARTITION OF ranges FOR VALUES FROM (10) TO (20)",
                "INSERT INTO ranges VALUES (1, 'a'), (15, 'b')",
                "ALTER DATABASE prosaas SET timezone = 'America/New_York'",
                "ALTER DATABASE prosaas SET datestyle = 'SQL, DMY'",
                "ALTER DATABASE prosaas SET intervalstyle = 'sql_standard'",
                "ALTER DATABASE prosaas SET extra_float_digits = 0",
                "ALTER DATABASE prosaas SET bytea_output = 'escape'");
        pg.execute("prosaas", "CREATE ROLE backup_user LOGIN REPLICATION",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO backup_user",
                "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO backup_user",
                "GRANT USAGE ON SCHEMA \"Odd Schema\" TO backup_user",
                "GRANT SELECT ON ALL TABLES IN SCHEMA \"Odd Schema\" TO backup_user");
        pg.execute("prosaas", "GRANT EXECUTE ON FUNCTION pg_switch_wal() TO backup_user");
        pg.execute("prosaas", "UPDATE tenants SET name = '" + CANARY + "' WHERE id = 1");
        keysetFile = work.resolve("keys/master-keys.json");
        masterKeys = LocalKeysetMasterKeys.createFile(keysetFile);
        configRepo = Files.createDirectories(work.resolve("config-repo"));
        git("init", "-q");
        Files.writeString(configRepo.resolve("app.yml"), "replicas: 2\n");
        git("add", "app.yml");
        git("commit", "-q", "-m", "first");
        secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve("db-password"), "first-secret-value-0b1e");
        media = Files.createDirectories(work.resolve("media"));
        primary = work.resolve("primary");
        secondary = work.resolve("secondary");
        cold = work.resolve("cold");
        app = BackupServiceApplication.builder().run(args(primary.toUri().toString(), secondary.toUri().toString(),
                cold.toUri().toString(), "--lifeboat.backup.wal.enabled=true",
                "--lifeboat.backup.compression-level=" + COMPRESSION_LEVEL,
                "--lifeboat.backup.wal.spool-dir=" + work.resolve("wal-spool"),
                "--lifeboat.backup.wal.poll-interval=300ms",
                "--lifeboat.backup.wal.max-segment-age=5s",
                "--lifeboat.backup.wal.restart-delay=300ms",
                "--lifeboat.backup.on-change.configuration-repository=" + configRepo,
                "--lifeboat.backup.on-change.secrets-directory=" + secrets,
                "--lifeboat.backup.on-change.poll-interval=300ms",
                "--lifeboat.backup.media.source=" + media,
                "--lifeboat.backup.media.poll-interval=300ms"));
        baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        AvroEventDeserializer deserializer = new AvroEventDeserializer(
                new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)));
        events = TopicProbe.start(broker.bootstrapServers(), deserializer,
                List.of(Topics.BACKUP_STARTED.name(), Topics.BACKUP_COMPLETED.name(), Topics.BACKUP_FAILED.name(),
                        Topics.COPY_STORED.name(), Topics.WAL_ARCHIVED.name(), Topics.BACKUP_EXPIRED.name()));
    }

    /** Test instances started so far; each gets its own event outbox, as an outbox directory is locked. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * Arguments of a test instance: schedule off, quick retries, locations primary, secondary, cold, an event outbox
     * of its own; {@code more} adds or overrides.
     */
    static String[] args(String primaryUrl, String secondaryUrl, String coldUrl, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.policy.file=../config/policy.yml",
                "--lifeboat.keys.keyset-file=" + keysetFile,
                "--lifeboat.backup.schedule-enabled=false",
                "--lifeboat.backup.outbox-dir=" + work.resolve("outbox-" + INSTANCES.incrementAndGet()),
                "--lifeboat.backup.retry.max-attempts=2",
                "--lifeboat.backup.retry.delay=1s",
                "--lifeboat.backup.copy-retry-interval=500ms",
                "--lifeboat.backup.on-change.poll-interval=1m",
                "--lifeboat.backup.wal.enabled=false",
                "--lifeboat.backup.database.host=127.0.0.1",
                "--lifeboat.backup.database.port=" + pg.port(),
                "--lifeboat.backup.database.name=prosaas",
                "--lifeboat.backup.database.user=backup_user",
                "--lifeboat.backup.locations[0].name=primary",
                "--lifeboat.backup.locations[0].tier=PRIMARY",
                "--lifeboat.backup.locations[0].url=" + primaryUrl,
                "--lifeboat.backup.locations[1].name=secondary",
                "--lifeboat.backup.locations[1].tier=SECONDARY",
                "--lifeboat.backup.locations[1].url=" + secondaryUrl,
                "--lifeboat.backup.locations[2].name=cold",
                "--lifeboat.backup.locations[2].tier=COLD",
                "--lifeboat.backup.locations[2].url=" + coldUrl));
        // an argument given twice binds as a comma-separated list: an override replaces its default instead
        java.util.Map<String, String> byKey = new java.util.LinkedHashMap<>();
        for (String arg : args) {
            byKey.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : more) {
            byKey.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return byKey.values().toArray(String[]::new);
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(events, app, registry, broker, pg);
    }

    @Test
    void startingTheServiceWarmsUpAesGcm() {
        assertThat(CipherWarmUp.started()).as("%s started CipherWarmUp as its context started", "backup-service").isTrue();
    }

    @Test
    void backupIsEncryptedSealedStoredAtEveryTierAndAnnouncedInWireFormat() throws Exception {
        String backupId = startBackup();
        Seen<SpecificRecord> seen = events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getBackupId().equals(backupId), WAIT);
        BackupCompleted completed = (BackupCompleted) seen.value();
        BackupStarted started = (BackupStarted) events.await(Topics.BACKUP_STARTED.name(),
                v -> ((BackupStarted) v).getBackupId().equals(backupId), WAIT).value();
        assertThat(started.getAttempt()).isEqualTo(1);

        assertThat(seen.key()).isEqualTo(backupId);
        ByteBuffer raw = ByteBuffer.wrap(seen.raw());
        assertThat(raw.get()).as("Confluent magic byte").isZero();
        assertThat(raw.getInt()).as("schema id").isEqualTo(registeredId(Topics.BACKUP_COMPLETED.valueSubject()));
        assertThat(completed.getCopies()).extracting(LocationCopy::getLocation, LocationCopy::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", CopyStatus.STORED),
                        org.assertj.core.groups.Tuple.tuple("secondary", CopyStatus.STORED),
                        org.assertj.core.groups.Tuple.tuple("cold", CopyStatus.STORED));

        // the brief's reading contract: sealed manifest (MAC checked), data key unwrapped with the master key
        ManifestStore store = new ManifestStore(LocalKeysetMasterKeys.load(keysetFile));
        FilesystemStorage primaryStorage = new FilesystemStorage(primary);
        Manifest manifest = store.read(primaryStorage, completed.getManifestKey());
        assertThat(manifest.encryption()).isNotNull();
        ManifestObject dump = manifest.objects().get(0);
        assertThat(dump.codecs()).isNotEmpty();
        assertThat(dump.storedBytes()).isEqualTo(completed.getStoredBytes());
        for (Path location : List.of(primary, secondary, cold)) {
            Path manifestFile = location.resolve(completed.getManifestKey());
            assertThat(DigestingInputStream.drain(Files.newInputStream(manifestFile)).sha256())
                    .as("manifest at %s", location).isEqualTo(completed.getManifestSha256());
            Path dumpFile = location.resolve(dump.key());
            assertThat(DigestingInputStream.drain(Files.newInputStream(dumpFile)).sha256())
                    .as("dump at %s", location).isEqualTo(dump.storedSha256());
            assertThat(Files.size(dumpFile)).isEqualTo(dump.storedBytes());
        }

        try (Connection c = pg.connect("prosaas")) {
            assertThat(manifest.tables()).isEqualTo(TableFingerprints.of(c));
        }
        assertThat(manifest.tables().get("public.calls").rows()).isEqualTo(5000);
        assertThat(manifest.tables().get("public.call_events").rows()).isEqualTo(60000);
        assertThat(manifest.tables()).containsKeys("public.typed_values", "public.empty_table",
                "Odd Schema.we\"ird", "public.ranges_low", "public.ranges_high");
        assertThat(manifest.tables().get("public.typed_values").rows()).isEqualTo(3);
        assertThat(manifest.tables().get("public.empty_table").rows()).isZero();

        Path plain = work.resolve(backupId + ".pgdump");
        try (InputStream in = ObjectReader.open(primaryStorage, dump, store.dataKey(manifest))) {
            Files.copy(in, plain);
        }
        assertThat(DigestingInputStream.drain(Files.newInputStream(plain)).sha256()).isEqualTo(dump.plainSha256());
        assertThat(contains(plain, CANARY)).as("the decrypted dump holds the canary row").isTrue();
        String listing = run(PostgresTools.tool("pg_restore").toString(), "--list", plain.toString());
        assertThat(listing).contains("TABLE DATA public transcripts");

        try (Stream<Path> stored = Files.walk(work).filter(Files::isRegularFile)
                .filter(p -> p.startsWith(primary) || p.startsWith(secondary) || p.startsWith(cold))) {
            List<Path> files = stored.toList();
            assertThat(files).isNotEmpty();
            for (Path file : files) {
                assertThat(contains(file, CANARY)).as("plaintext in %s", file).isFalse();
            }
        }
    }

    @Test
    void baseBackupIsStreamedEncryptedAndRecordsItsWalRange() throws Exception {
        String backupId = startBackup(baseUrl, "DATABASE_BASE");
        BackupCompleted completed = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getBackupId().equals(backupId), WAIT).value();
        assertThat(completed.getDataType()).hasToString("DATABASE_BASE");
        assertThat(completed.getCopies()).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo(CopyStatus.STORED));

        ManifestStore store = new ManifestStore(masterKeys);
        FilesystemStorage primaryStorage = new FilesystemStorage(primary);
        Manifest manifest = store.read(primaryStorage, completed.getManifestKey());
        assertThat(manifest.metadata()).containsKeys("walStartLsn", "walStopLsn").containsEntry("timeline", "1");
        try (Connection c = pg.connect("prosaas"); var s = c.createStatement();
             var rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            assertThat(manifest.metadata()).containsEntry("systemIdentifier", rs.getString(1));
        }
        ManifestObject tar = manifest.objects().get(0);
        for (Path location : List.of(primary, secondary, cold)) {
            assertThat(DigestingInputStream.drain(Files.newInputStream(location.resolve(tar.key()))).sha256())
                    .as("base backup at %s", location).isEqualTo(tar.storedSha256());
        }
        Path restored = Files.createDirectories(work.resolve("base-" + backupId));
        Path plainTar = work.resolve(backupId + ".tar");
        try (InputStream in = ObjectReader.open(primaryStorage, tar, store.dataKey(manifest))) {
            Files.copy(in, plainTar);
        }
        run("tar", "-xf", plainTar.toString(), "-C", restored.toString());
        assertThat(restored.resolve("PG_VERSION")).exists();
        // PostgreSQL's own check of the restored files against its backup_manifest, WAL included
        run(PostgresTools.tool("pg_verifybackup").toString(), restored.toString());
        assertThat(contains(primary.resolve(tar.key()), CANARY)).isFalse();
    }

    @Test
    void walIsStreamedAndAKilledPgReceivewalIsRestartedWithoutAGap() throws Exception {
        pg.execute("prosaas", "INSERT INTO tenants SELECT 100000 + g, 'wal-' || g, 'starter', now()"
                + " FROM generate_series(1, 1000) g", "SELECT pg_switch_wal()");
        WalArchived first = (WalArchived) events.await(Topics.WAL_ARCHIVED.name(), v -> true, WAIT).value();
        assertThat(first.getSegments()).isNotEmpty();
        assertThat(first.getSegments().get(0).getCopies())
                .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo(CopyStatus.STORED));

        ProcessHandle receiver = awaitReceiver(-1);
        receiver.destroyForcibly();
        receiver.onExit().get();
        for (int i = 0; i < 3; i++) {
            pg.execute("prosaas", "UPDATE tenants SET plan = 'growth' WHERE id > 100000", "SELECT pg_switch_wal()");
        }
        ProcessHandle restarted = awaitReceiver(receiver.pid());
        assertThat(restarted.pid()).isNotEqualTo(receiver.pid());

        String current;
        try (Connection c = pg.connect("prosaas"); var s = c.createStatement();
             var rs = s.executeQuery("SELECT pg_walfile_name(pg_current_wal_lsn())")) {
            rs.next();
            current = rs.getString(1);
        }
        String expected = walBefore(current); // closed by the last switch, so it must arrive
        FilesystemStorage[] tiers = {new FilesystemStorage(primary), new FilesystemStorage(secondary),
                new FilesystemStorage(cold)};
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!storedSegments(tiers[2]).contains(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        for (FilesystemStorage tier : tiers) {
            List<String> names = storedSegments(tier);
            assertThat(names).as("segments at %s", tier.describe()).contains(expected)
                    .hasSizeGreaterThanOrEqualTo(4);
            for (int i = 1; i < names.size(); i++) {
                assertThat(io.lifeboat.format.wal.WalSegmentName.parse(names.get(i - 1))
                        .isFollowedBy(io.lifeboat.format.wal.WalSegmentName.parse(names.get(i))))
                        .as("%s follows %s at %s", names.get(i), names.get(i - 1), tier.describe()).isTrue();
            }
        }
    }

    @Test
    void walSegmentsAreStoredAtTheConfiguredCompressionLevel() throws Exception {
        pg.execute("prosaas", "INSERT INTO call_events SELECT 500000 + g, md5(g::text) || repeat(' wal', g % 20)"
                + " FROM generate_series(1, 20000) g", "SELECT pg_switch_wal()");
        WalArchived archived = (WalArchived) events.await(Topics.WAL_ARCHIVED.name(),
                v -> ((WalArchived) v).getSegments().stream().anyMatch(s -> s.getStoredBytes() > 100_000), WAIT)
                .value();
        ArchivedSegment segment = archived.getSegments().stream().filter(s -> s.getStoredBytes() > 100_000)
                .findFirst().orElseThrow();
        FilesystemStorage primaryStorage = new FilesystemStorage(primary);
        ManifestStore store = new ManifestStore(masterKeys);
        Manifest manifest = store.read(primaryStorage, segment.getManifestKey());
        ManifestObject stored = manifest.objects().get(0);
        byte[] plaintext;
        try (InputStream in = ObjectReader.open(primaryStorage, stored, store.dataKey(manifest))) {
            plaintext = in.readAllBytes();
        }

        // the same plaintext written again at the configured and at the default level: sizes are deterministic
        FilesystemStorage scratch = new FilesystemStorage(work.resolve("level-check"));
        long atConfigured = new ObjectWriter(COMPRESSION_LEVEL).write(scratch, "configured",
                new ByteArrayInputStream(plaintext), DataKey.generate()).storedBytes();
        long atDefault = new ObjectWriter().write(scratch, "default", new ByteArrayInputStream(plaintext),
                DataKey.generate()).storedBytes();
        assertThat(atDefault).as("segment %s stores differently at the default level", segment.getSegmentName())
                .isNotEqualTo(atConfigured);
        assertThat(stored.storedBytes()).as("segment %s as the service stored it", segment.getSegmentName())
                .isEqualTo(atConfigured);
    }

    private static String walBefore(String segment) {
        io.lifeboat.format.wal.WalSegmentName name = io.lifeboat.format.wal.WalSegmentName.parse(segment);
        return new io.lifeboat.format.wal.WalSegmentName(name.timeline(), name.segmentNo() - 1,
                name.segmentSize()).fileName();
    }

    /** Committed WAL segments (manifest present) at a location, sorted. */
    private static List<String> storedSegments(FilesystemStorage storage) {
        return storage.list("backups/wal/").stream().filter(k -> k.endsWith("/manifest.json"))
                .map(k -> k.split("/")[2]).filter(id -> id.matches("[0-9A-F]{24}-[0-9]+"))
                .map(id -> id.substring(0, 24)).sorted().toList();
    }

    /** Waits for a pg_receivewal child of this JVM other than {@code notPid}. */
    private static ProcessHandle awaitReceiver(long notPid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var found = ProcessHandle.current().descendants()
                    .filter(p -> p.pid() != notPid && p.isAlive())
                    .filter(p -> p.info().commandLine().orElse("").contains("pg_receivewal")
                            && !p.info().commandLine().orElse("").contains("--create-slot"))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no pg_receivewal process other than " + notPid + " within " + WAIT);
    }

    @Test
    void aProcessKilledMidUploadLeavesNothingInTheCatalogueAndTheNextRunSucceeds() throws Exception {
        int port = io.lifeboat.infra.process.Processes.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                BackupServiceApplication.class.getName()));
        // throttled, so the kill lands while the base backup is being uploaded
        command.addAll(List.of(args(primary.toUri().toString(), secondary.toUri().toString(),
                cold.toUri().toString(), "--server.port=" + port,
                "--lifeboat.backup.base-backup-max-rate=32k")));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("killed-child.log").toFile()).start();
        String killed;
        try {
            String url = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!healthy(url)) {
                assertThat(child.isAlive()).as("child backup-service is running").isTrue();
                assertThat(System.nanoTime()).as("child backup-service became healthy").isLessThan(deadline);
                Thread.sleep(200);
            }
            killed = startBackup(url, "DATABASE_BASE");
            events.await(Topics.BACKUP_STARTED.name(), v -> ((BackupStarted) v).getBackupId().equals(killed), WAIT);
            Path data = primary.resolve("backups/database-base/" + killed + "/data");
            while (!uploading(data)) {
                assertThat(System.nanoTime()).as("upload of %s started", killed).isLessThan(deadline);
                Thread.sleep(20);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        for (Path location : List.of(primary, secondary, cold)) {
            assertThat(location.resolve("backups/database-base/" + killed + "/manifest.json")).doesNotExist();
            assertThat(new FilesystemStorage(location).list("backups/database-base/" + killed + "/"))
                    .as("objects of the killed backup at %s", location).isEmpty();
        }
        assertThat(get(baseUrl + "/api/catalogue?dataType=DATABASE_BASE")).doesNotContain(killed);
        assertThat(events.matching(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getBackupId().equals(killed))).isEmpty();

        String next = startBackup(baseUrl, "DATABASE_BASE");
        events.await(Topics.BACKUP_COMPLETED.name(), v -> ((BackupCompleted) v).getBackupId().equals(next), WAIT);
        assertThat(get(baseUrl + "/api/catalogue?dataType=DATABASE_BASE")).contains(next);
        assertThat(get(baseUrl + "/api/catalogue/DATABASE_BASE/" + next)).contains("walStartLsn")
                .contains("systemIdentifier").doesNotContain("wrappedDataKey");
    }

    private static boolean uploading(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".partial-"));
        }
    }

    private static boolean healthy(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void unreachableDatabaseGivesBackupFailedAndStoresNothing() throws Exception {
        pg.stop();
        String backupId;
        try {
            backupId = startBackup();
            BackupFailed failed = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> ((BackupFailed) v).getBackupId().equals(backupId) && ((BackupFailed) v).getAttempt() == 1,
                    WAIT).value();
            assertThat(failed.getReason()).isEqualTo(BackupFailureReason.DATABASE_UNREACHABLE);
            assertThat(failed.getDetail()).contains("database 'prosaas'").contains("unreachable");
            assertThat(failed.getNextAttemptAt()).as("the policy's retry is announced").isNotNull();
            BackupFailed last = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> ((BackupFailed) v).getBackupId().equals(backupId) && ((BackupFailed) v).getAttempt() == 2,
                    WAIT).value();
            assertThat(last.getReason()).isEqualTo(BackupFailureReason.DATABASE_UNREACHABLE);
            assertThat(last.getNextAttemptAt()).as("max-attempts 2: no retry left").isNull();
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
        try (ConfigurableApplicationContext second = BackupServiceApplication.builder().run(args(
                blocked.resolve("repo").toUri().toString(), work.resolve("s2").toUri().toString(),
                work.resolve("c2").toUri().toString()))) {
            String url = "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port");
            String backupId = startBackup(url);
            BackupFailed failed = (BackupFailed) events.await(Topics.BACKUP_FAILED.name(),
                    v -> ((BackupFailed) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(failed.getReason()).isEqualTo(BackupFailureReason.STORAGE_UNAVAILABLE);
            assertThat(failed.getDetail()).contains("unable to write");
        }
    }

    @Test
    void aSecondaryThatIsDownLeavesItsCopyPendingUntilItReturns() throws Exception {
        Path down = work.resolve("secondary-down");
        Files.writeString(down, "a file where the secondary's directory should be");
        Path p3 = work.resolve("p3");
        Path c3 = work.resolve("c3");
        try (ConfigurableApplicationContext third = BackupServiceApplication.builder().run(args(
                p3.toUri().toString(), down.resolve("repo").toUri().toString(), c3.toUri().toString()))) {
            String url = "http://127.0.0.1:" + third.getEnvironment().getProperty("local.server.port");
            String backupId = startBackup(url);
            BackupCompleted completed = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                    v -> ((BackupCompleted) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(completed.getCopies()).extracting(LocationCopy::getLocation, LocationCopy::getStatus)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", CopyStatus.STORED),
                            org.assertj.core.groups.Tuple.tuple("secondary", CopyStatus.PENDING),
                            org.assertj.core.groups.Tuple.tuple("cold", CopyStatus.STORED));
            assertThat(c3.resolve(completed.getManifestKey())).exists();

            Files.delete(down); // the secondary returns
            CopyStored landed = (CopyStored) events.await(Topics.COPY_STORED.name(),
                    v -> ((CopyStored) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(landed.getCopy().getLocation()).isEqualTo("secondary");
            assertThat(landed.getCopy().getStatus()).isEqualTo(CopyStatus.STORED);
            assertThat(landed.getManifestSha256()).isEqualTo(completed.getManifestSha256());
            assertThat(landed.getAttempts()).isGreaterThan(1);
            Path secondaryRepo = down.resolve("repo");
            for (String key : new FilesystemStorage(p3).list("backups/")) {
                assertThat(Files.mismatch(p3.resolve(key), secondaryRepo.resolve(key))).as(key).isEqualTo(-1L);
            }
        }
    }

    @Test
    void retentionRemovesExpiredBackupsEverywhereAndAnnouncesThem() throws Exception {
        Path p4 = work.resolve("p4");
        Path s4 = work.resolve("s4");
        Path c4 = work.resolve("c4");
        try (ConfigurableApplicationContext fourth = BackupServiceApplication.builder().run(args(
                p4.toUri().toString(), s4.toUri().toString(), c4.toUri().toString()))) {
            String url = "http://127.0.0.1:" + fourth.getEnvironment().getProperty("local.server.port");
            String older = startBackup(url);
            BackupCompleted first = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                    v -> ((BackupCompleted) v).getBackupId().equals(older), WAIT).value();
            String newer = startBackup(url);
            events.await(Topics.BACKUP_COMPLETED.name(), v -> ((BackupCompleted) v).getBackupId().equals(newer), WAIT);

            var verdicts = fourth.getBean(io.lifeboat.backup.retention.RetentionRun.class)
                    .run(java.time.Instant.now().plus(Duration.ofDays(31)));
            assertThat(verdicts).extracting(v -> v.item().backupId() + " " + v.decision() + " " + v.reason())
                    .containsExactly(older + " REMOVE older than retention 30d",
                            newer + " KEEP newest backup of type 'DATABASE_DUMP'");

            io.lifeboat.events.backup.BackupExpired expired = (io.lifeboat.events.backup.BackupExpired) events.await(
                    Topics.BACKUP_EXPIRED.name(),
                    v -> ((io.lifeboat.events.backup.BackupExpired) v).getBackupId().equals(older), WAIT).value();
            assertThat(expired.getReason()).isEqualTo("older than retention 30d");
            assertThat(expired.getLocations()).containsExactlyInAnyOrder("primary", "secondary", "cold");
            for (Path location : List.of(p4, s4, c4)) {
                assertThat(location.resolve(first.getManifestKey())).doesNotExist();
                assertThat(new FilesystemStorage(location).list("backups/database-dump/" + older + "/")).isEmpty();
                assertThat(new FilesystemStorage(location).list("backups/database-dump/" + newer + "/")).isNotEmpty();
            }
        }
    }

    @Test
    void twoInstancesNeverTakeTheSameScheduledRunAndAMissedRunIsCaughtUp() throws Exception {
        Path policy = work.resolve("every-2s-policy.yml");
        String original = Files.readString(Path.of("../config/policy.yml"));
        assertThat(original).contains("cron: \"0 0 2 * * *\"");
        Files.writeString(policy, original.replace("cron: \"0 0 2 * * *\"", "cron: \"*/2 * * * * *\""));
        Path p5 = work.resolve("p5");
        String[] shared = {p5.toUri().toString(), work.resolve("s5").toUri().toString(),
                work.resolve("c5").toUri().toString()};
        try (ConfigurableApplicationContext one = BackupServiceApplication.builder().run(args(shared[0], shared[1],
                shared[2], "--lifeboat.policy.file=" + policy, "--lifeboat.backup.schedule-enabled=true",
                "--lifeboat.service.instance=one"));
             ConfigurableApplicationContext two = BackupServiceApplication.builder().run(args(shared[0], shared[1],
                     shared[2], "--lifeboat.policy.file=" + policy, "--lifeboat.backup.schedule-enabled=true",
                     "--lifeboat.service.instance=two"))) {
            io.lifeboat.backup.schedule.ScheduledRuns a = one.getBean(io.lifeboat.backup.schedule.ScheduledRuns.class);
            io.lifeboat.backup.schedule.ScheduledRuns b = two.getBean(io.lifeboat.backup.schedule.ScheduledRuns.class);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (a.skipped().size() + b.skipped().size() < 3) {
                assertThat(System.nanoTime()).as("both instances contend for scheduled runs").isLessThan(deadline);
                Thread.sleep(100);
            }
            List<String> takenByOne = a.taken();
            List<String> takenByTwo = b.taken();
            List<String> both = new ArrayList<>(takenByOne);
            both.retainAll(takenByTwo);
            assertThat(both).as("scheduled runs taken by both instances").isEmpty();
            List<String> all = new ArrayList<>(takenByOne);
            all.addAll(takenByTwo);
            // scheduled runs and catch-ups, each under its own lease folder
            List<String> leases = new FilesystemStorage(p5).list("locks/schedule/");
            assertThat(leases).containsAll(all);
            // the fresh repository had no backup: the first instance caught the latest run up at start-up
            events.await(Topics.BACKUP_STARTED.name(), v -> ((BackupStarted) v).getTrigger().name().equals("CATCH_UP")
                    && ((BackupStarted) v).getHeader().getProducer().getInstance().equals("one"), WAIT);
        }
    }

    @Test
    void aCopyStillPendingAtShutdownLandsAfterTheRestart() throws Exception {
        Path down = work.resolve("secondary-down-6");
        Files.writeString(down, "a file where the secondary's directory should be");
        Path p6 = work.resolve("p6");
        String[] urls = {p6.toUri().toString(), down.resolve("repo").toUri().toString(),
                work.resolve("c6").toUri().toString()};
        String backupId;
        BackupCompleted completed;
        try (ConfigurableApplicationContext before = BackupServiceApplication.builder().run(args(urls[0], urls[1],
                urls[2]))) {
            String url = "http://127.0.0.1:" + before.getEnvironment().getProperty("local.server.port");
            backupId = startBackup(url);
            completed = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                    v -> ((BackupCompleted) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(completed.getCopies().get(1).getStatus()).isEqualTo(CopyStatus.PENDING);
        }
        Files.delete(down);
        try (ConfigurableApplicationContext after = BackupServiceApplication.builder().run(args(urls[0], urls[1],
                urls[2]))) {
            CopyStored landed = (CopyStored) events.await(Topics.COPY_STORED.name(),
                    v -> ((CopyStored) v).getBackupId().equals(backupId), WAIT).value();
            assertThat(landed.getCopy().getLocation()).isEqualTo("secondary");
            assertThat(landed.getManifestSha256()).isEqualTo(completed.getManifestSha256());
            assertThat(down.resolve("repo").resolve(completed.getManifestKey())).exists();
        }
    }

    @Test
    void configurationAndSecretsAreBackedUpWhenTheyChange() throws Exception {
        BackupCompleted firstConfig = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getDataType().name().equals("CONFIGURATION"), WAIT).value();
        Files.writeString(configRepo.resolve("app.yml"), "replicas: 3\n");
        git("commit", "-q", "-a", "-m", "second");
        String head = git("rev-parse", "HEAD").strip();
        BackupCompleted secondConfig = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getDataType().name().equals("CONFIGURATION")
                        && !((BackupCompleted) v).getBackupId().equals(firstConfig.getBackupId()), WAIT).value();
        Path bundle = decrypt(secondConfig, work.resolve(secondConfig.getBackupId() + ".bundle"));
        assertThat(run("git", "bundle", "list-heads", bundle.toString())).contains(head);

        BackupCompleted firstSecrets = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getDataType().name().equals("SECRETS"), WAIT).value();
        String secret = "second-secret-value-5d2c9e";
        Files.writeString(secrets.resolve("api-token"), secret);
        BackupCompleted secondSecrets = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getDataType().name().equals("SECRETS")
                        && !((BackupCompleted) v).getBackupId().equals(firstSecrets.getBackupId()), WAIT).value();
        assertThat(secondSecrets.getCopies()).allSatisfy(c -> assertThat(c.getStatus()).isEqualTo(CopyStatus.STORED));
        Path zip = decrypt(secondSecrets, work.resolve(secondSecrets.getBackupId() + ".zip"));
        java.util.Map<String, String> entries = new java.util.TreeMap<>();
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsEntry("api-token", secret).containsEntry("db-password", "first-secret-value-0b1e");
        for (Path location : List.of(primary, secondary, cold)) {
            try (Stream<Path> files = Files.walk(location.resolve("backups/secrets"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(contains(file, secret)).as("plaintext secret in %s", file).isFalse();
                }
            }
        }
        assertThat(secondSecrets.toString()).doesNotContain(secret);
    }

    @Test
    void newMediaFilesAreMirroredIncrementally() throws Exception {
        Files.createDirectories(media.resolve("2026/11"));
        Files.writeString(media.resolve("2026/11/call-1.ogg"), "recording one");
        BackupCompleted first = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getDataType().name().equals("MEDIA"), WAIT).value();
        assertThat(first.getObjectCount()).isEqualTo(1);
        Files.writeString(media.resolve("2026/11/call-2.ogg"), "recording two");
        BackupCompleted second = (BackupCompleted) events.await(Topics.BACKUP_COMPLETED.name(),
                v -> ((BackupCompleted) v).getDataType().name().equals("MEDIA")
                        && !((BackupCompleted) v).getBackupId().equals(first.getBackupId()), WAIT).value();
        assertThat(second.getObjectCount()).as("only the new file").isEqualTo(1);
        Manifest manifest = new ManifestStore(masterKeys).read(new FilesystemStorage(primary),
                second.getManifestKey());
        assertThat(manifest.metadata().values()).anyMatch(v -> v.startsWith("2026/11/call-2.ogg|13|"));
        assertThat(decrypt(second, work.resolve(second.getBackupId() + ".ogg"))).hasContent("recording two");
    }

    private static Path decrypt(BackupCompleted completed, Path target) throws Exception {
        ManifestStore store = new ManifestStore(masterKeys);
        FilesystemStorage storage = new FilesystemStorage(primary);
        Manifest manifest = store.read(storage, completed.getManifestKey());
        try (InputStream in = ObjectReader.open(storage, manifest.objects().get(0), store.dataKey(manifest))) {
            Files.copy(in, target);
        }
        return target;
    }

    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", configRepo.toString(), "-c",
                "user.email=test@lifeboat.invalid", "-c", "user.name=test"));
        command.addAll(List.of(args));
        try {
            return run(command.toArray(String[]::new));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aWrongPolicyStopsStartUpNamingTheKey() throws Exception {
        Path policy = work.resolve("bad-policy.yml");
        Files.writeString(policy, Files.readString(Path.of("../config/policy.yml"))
                .replace("retention: 30d", "retention: a month"));
        assertThatThrownBy(() -> BackupServiceApplication.builder().run(args(
                primary.toUri().toString(), secondary.toUri().toString(), cold.toUri().toString(),
                "--lifeboat.policy.file=" + policy)))
                .rootCause().hasMessageContaining("policy key 'schedule.database-full.retention'");
    }

    @Test
    void aMissingOrWrongMasterKeysetStopsStartUpWithAClearMessage() throws Exception {
        Path missing = work.resolve("no-such-keys.json");
        assertThatThrownBy(() -> BackupServiceApplication.builder().run(args(
                primary.toUri().toString(), secondary.toUri().toString(), cold.toUri().toString(),
                "--lifeboat.keys.keyset-file=" + missing)))
                .rootCause().hasMessageContaining("master keyset file '" + missing + "' does not exist");
        Path wrong = work.resolve("wrong-keys.json");
        Files.writeString(wrong, "{\"format\": \"something else\"}");
        assertThatThrownBy(() -> BackupServiceApplication.builder().run(args(
                primary.toUri().toString(), secondary.toUri().toString(), cold.toUri().toString(),
                "--lifeboat.keys.keyset-file=" + wrong)))
                .rootCause().hasMessageContaining("master keyset file '" + wrong + "'");
    }

    private static boolean contains(Path file, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String startBackup() throws Exception {
        return startBackup(baseUrl);
    }

    private static String startBackup(String url) throws Exception {
        return startBackup(url, "DATABASE_DUMP");
    }

    private static String startBackup(String url, String dataType) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/api/backups?dataType=" + dataType))
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
