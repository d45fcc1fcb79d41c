package io.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.events.common.Severity;
import io.lifeboat.events.restore.AccessAudited;
import io.lifeboat.events.restore.AccessDecision;
import io.lifeboat.events.restore.DrClosed;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrPhaseCompleted;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.events.restore.RestoreCompleted;
import io.lifeboat.events.restore.RestoreMethod;
import io.lifeboat.events.restore.RestoreOutcome;
import io.lifeboat.events.restore.RestoreTestCompleted;
import io.lifeboat.events.restore.RestoreTestOutcome;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.format.crypto.CipherWarmUp;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.postgres.SampleSaasData;
import io.lifeboat.infra.process.Teardown;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.restore.TestRepository.Backup;
import io.lifeboat.restore.postgres.RestoredTables;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.postgres.TargetDatabase;
import io.lifeboat.restore.run.JournalEntry;
import io.lifeboat.restore.run.RestoreJournal;
import io.lifeboat.restore.run.RestoreResult;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topics;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    static Path cold;
    static Path reports;
    static Path scratch;
    static TestRepository repository;
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
        cold = work.resolve("cold");
        reports = work.resolve("reports");
        // the server user must reach scratch clusters, so not below the owner-only JUnit directory
        scratch = Files.createTempDirectory("lifeboat-restore-it-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new AvroEventSerializer(client));
        repository = new TestRepository(work.resolve("keys/master-keys.json"), primary, List.of(secondary, cold),
                producer);
        app = startService(scratch);
        baseUrl = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        events = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.RESTORE_COMPLETED.name(), Topics.ACCESS_AUDITED.name(), Topics.DR_DECLARED.name(),
                        Topics.RESTORE_TEST_COMPLETED.name(), Topics.INTEGRITY_CHECKED.name(),
                        Topics.ALERT_RAISED.name(), Topics.DR_PHASE_COMPLETED.name(), Topics.DR_CLOSED.name()));
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(events, producer, app, registry, broker, pg, () -> ScratchCluster.delete(scratch));
    }

    @Test
    void startingTheServiceWarmsUpAesGcm() {
        assertThat(CipherWarmUp.started()).as("%s started CipherWarmUp as its context started", "restore-service").isTrue();
    }

    @Test
    void restoresADumpIntoANewDatabaseAndProvesEveryTable() throws Exception {
        Backup dump = dumpToBothLocations();
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id() + "\",\"targetDatabase\":\"restored_full\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));

        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(done.getSourceLocation()).isEqualTo("primary");
        assertThat(done.getRequestedBy()).isEqualTo("olivia");
        assertThat(done.getRtoMet()).isTrue();
        assertThat(done.getRtoMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        Map<String, Long> expected = new java.util.TreeMap<>();
        dump.tables().forEach((t, fp) -> expected.put(t, fp.rows()));
        assertThat(done.getTableRowCounts()).isEqualTo(expected);
        try (Connection c = pg.connect("restored_full")) {
            assertThat(TableFingerprints.of(c)).isEqualTo(dump.tables());
        }
        try (Connection c = pg.connect("postgres"); var st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = 'restored_full'")) {
            rs.next();
            assertThat(rs.getString(1)).as("marked as the restore's own")
                    .isEqualTo(TargetDatabase.mark(done.getRestoreId()));
        }
    }

    @Test
    void aCorruptPrimaryCopyFallsBackToTheSecondaryAndSaysSo() throws Exception {
        Backup dump = dumpToBothLocations();
        try (RandomAccessFile f = new RandomAccessFile(primary.resolve(dump.objectKey()).toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id() + "\",\"targetDatabase\":\"restored_fallback\"}");
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));
        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(done.getSourceLocation()).isEqualTo("secondary");
        assertThat(done.getDetail()).contains("copy used: secondary (skipped primary:");
    }

    /**
     * A copy BackupCompleted announced as PENDING that landed afterwards (CopyStored) is one a restore may fall back
     * to: the primary copy is corrupt, and the secondary, announced only by CopyStored, is used.
     */
    @Test
    void aCopyThatLandedAfterItsBackupWasAnnouncedIsOneARestoreFallsBackTo() throws Exception {
        Backup dump = repository.dumpWithPendingCopies(pg, "prosaas");
        awaitCatalogued(dump.id());
        repository.copyStored(dump, "secondary");
        flipAByteInTheMiddle(primary.resolve(dump.objectKey()));
        awaitCatalogueMatches(Pattern.compile("\"backupId\":\"" + dump.id()
                + "\"[^}]*\"storedAt\":\\[\"primary\",\"secondary\"\\]"));

        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id() + "\",\"targetDatabase\":\"restored_landed_later\"}");
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));

        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(done.getSourceLocation()).isEqualTo("secondary");
    }

    @Test
    void aTamperedPrimaryManifestAndACorruptSecondaryObjectFallBackToColdStorageAndSaySo() throws Exception {
        Backup dump = dumpToBothLocations();
        Path manifest = primary.resolve(dump.manifestKey());
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\"", "\"version\" "));
        flipAByteInTheMiddle(secondary.resolve(dump.objectKey()));
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id() + "\",\"targetDatabase\":\"restored_cold\"}");
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));
        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(done.getSourceLocation()).isEqualTo("cold");
        assertThat(done.getDetail()).contains("copy used: cold (skipped primary: manifest '" + dump.manifestKey()
                + "' differs from the one announced; secondary:");
        try (Connection c = pg.connect("restored_cold")) {
            assertThat(TableFingerprints.of(c)).isEqualTo(dump.tables());
        }
    }

    /**
     * With seed 42 configured, the test restores the dump that seed picks among those within retention (ordered by
     * completion, then id), so a choice can be repeated; three dumps at least, so the pick is not the only one.
     */
    @Test
    void aScheduledStyleRestoreTestChoosesAtRandomWithTheConfiguredSeedAndReportsIt() throws Exception {
        for (int i = 0; i < 3; i++) {
            dumpToBothLocations();
        }
        List<String> eligible = new java.util.ArrayList<>();
        Instant retentionStart = Instant.now().minus(Duration.ofDays(30));
        for (tools.jackson.databind.JsonNode e : tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                catalogue())) {
            if (e.get("dataType").asString().equals("DATABASE_DUMP")
                    && !Instant.parse(e.get("completedAt").asString()).isBefore(retentionStart)) {
                eligible.add(e.get("completedAt").asString() + " " + e.get("backupId").asString());
            }
        }
        eligible.sort(java.util.Comparator.comparing((String e) -> Instant.parse(e.split(" ")[0]))
                .thenComparing(e -> e.split(" ")[1]));
        String seed42Picks = eligible.get(new java.util.Random(42).nextInt(eligible.size())).split(" ")[1];

        HttpResponse<String> started = post("/api/restore-tests", RESTORER_TOKEN, "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String testId = id(started.body(), "testId");
        RestoreTestCompleted done = (RestoreTestCompleted) events.await(Topics.RESTORE_TEST_COMPLETED.name(),
                v -> ((RestoreTestCompleted) v).getTestId().equals(testId), WAIT).value();
        assertThat(done.getSeed()).isEqualTo(42L);
        assertThat(eligible).hasSizeGreaterThanOrEqualTo(3);
        assertThat(done.getBackupId()).isEqualTo(seed42Picks);
        assertThat(Files.readString(reports.resolve(done.getReportKeys().get(1))))
                .contains("| Random seed | 42 |", "select a random backup within retention");
        assertNoScratchLeft();
    }

    private static void flipAByteInTheMiddle(Path file) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x10);
        }
    }

    @Test
    void anExistingTargetDatabaseIsNeverOverwritten() throws Exception {
        Backup dump = dumpToBothLocations();
        pg.createDatabase("occupied");
        pg.execute("occupied", "CREATE TABLE keep_me (id int)", "INSERT INTO keep_me VALUES (42)");
        HttpResponse<String> refused = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + dump.id() + "\",\"targetDatabase\":\"occupied\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("TARGET_NOT_EMPTY").contains("target database 'occupied' already exists");
        try (Connection c = pg.connect("occupied")) {
            assertThat(TableFingerprints.of(c)).containsOnlyKeys("public.keep_me");
        }
    }

    @Test
    void aDamagedTableIsRestoredAloneFromTheNewestDumpBeforeTheDamageAndTheOtherTablesAreUntouched()
            throws Exception {
        pg.createDatabase("crm");
        SampleSaasData.load(pg, "crm", 1);
        Backup before = repository.dump(pg, "crm");
        awaitCatalogued(before.id());
        Instant damagedAt = Instant.now();
        pg.execute("crm", "DELETE FROM transcripts WHERE call_id % 2 = 0",
                "UPDATE calls SET duration_seconds = 0 WHERE id % 3 = 0");
        Map<String, TableFingerprint> damaged;
        try (Connection c = pg.connect("crm")) {
            damaged = TableFingerprints.of(c);
        }
        Backup after = repository.dump(pg, "crm");
        awaitCatalogued(after.id());

        // beside the damaged table, under a new name
        HttpResponse<String> accepted = post("/api/restores/table", RESTORER_TOKEN, "{\"table\":\"public.calls\","
                + "\"before\":\"" + damagedAt + "\",\"source\":\"crm\",\"targetDatabase\":\"crm\","
                + "\"newName\":\"calls_restored\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        RestoreCompleted beside = awaitRestore(id(accepted.body(), "restoreId"));
        assertThat(beside.getOutcome()).as(beside.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
        assertThat(beside.getBackupId()).isEqualTo(before.id());
        assertThat(beside.getMethod()).isEqualTo(RestoreMethod.SINGLE_TABLE);
        assertThat(beside.getTarget()).isEqualTo("crm.public.calls_restored");

        // the damaged table itself, replaced under its own name (forced); without force it is refused
        String own = "{\"table\":\"transcripts\",\"before\":\"" + damagedAt + "\",\"source\":\"crm\","
                + "\"targetDatabase\":\"crm\"";
        HttpResponse<String> refused = post("/api/restores/table", RESTORER_TOKEN, own + "}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("table 'public.transcripts' already exists in database 'crm'");
        HttpResponse<String> forced = post("/api/restores/table", RESTORER_TOKEN, own + ",\"force\":true}");
        RestoreCompleted replaced = awaitRestore(id(forced.body(), "restoreId"));
        assertThat(replaced.getOutcome()).as(replaced.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);

        try (Connection c = pg.connect("crm")) {
            Map<String, TableFingerprint> now = TableFingerprints.of(c);
            assertThat(now.get("public.calls_restored")).isEqualTo(before.tables().get("public.calls"));
            assertThat(now.get("public.transcripts")).isEqualTo(before.tables().get("public.transcripts"));
            assertThat(now.get("public.calls")).isEqualTo(damaged.get("public.calls"));
            assertThat(now.get("public.tenants")).isEqualTo(damaged.get("public.tenants"));
            assertThat(now.get("public.agents")).isEqualTo(damaged.get("public.agents"));
        }
    }

    @Test
    void aPartitionIsRestoredBesideItsTreeAsATableOfItsOwnOrInPlaceWithinIt() throws Exception {
        pg.createDatabase("ledger");
        pg.execute("ledger", "CREATE TABLE entries (id int, amount int, note text) PARTITION BY RANGE (id)",
                "CREATE TABLE entries_low PARTITION OF entries FOR VALUES FROM (0) TO (5000)",
                "CREATE TABLE entries_high PARTITION OF entries FOR VALUES FROM (5000) TO (10000)",
                "CREATE INDEX entries_amount ON entries (amount)",
                "INSERT INTO entries SELECT g, g % 97, md5(g::text) FROM generate_series(0, 9999) g");
        Backup before = repository.dump(pg, "ledger");
        awaitCatalogued(before.id());
        Instant damagedAt = Instant.now();
        pg.execute("ledger", "DELETE FROM entries WHERE id % 2 = 0 AND id < 5000");
        TableFingerprint original = before.tables().get("public.entries_low");
        assertThat(original.rows()).isEqualTo(5000);

        // beside the damaged partition, under a new name: its bounds are taken, so it comes back detached
        HttpResponse<String> beside = post("/api/restores/table", RESTORER_TOKEN, "{\"table\":\"public.entries_low\","
                + "\"before\":\"" + damagedAt + "\",\"source\":\"ledger\",\"targetDatabase\":\"ledger\","
                + "\"newName\":\"entries_low_restored\"}");
        assertThat(beside.statusCode()).as(beside.body()).isEqualTo(202);
        RestoreCompleted copy = awaitRestore(id(beside.body(), "restoreId"));
        assertThat(copy.getOutcome()).as(copy.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);

        // in place, forced: dropped, recreated and attached to the tree again
        HttpResponse<String> forced = post("/api/restores/table", RESTORER_TOKEN, "{\"table\":\"entries_low\","
                + "\"before\":\"" + damagedAt + "\",\"source\":\"ledger\",\"targetDatabase\":\"ledger\","
                + "\"force\":true}");
        RestoreCompleted replaced = awaitRestore(id(forced.body(), "restoreId"));
        assertThat(replaced.getOutcome()).as(replaced.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);

        try (Connection c = pg.connect("ledger")) {
            Map<String, TableFingerprint> now = TableFingerprints.of(c);
            assertThat(now.get("public.entries_low_restored")).isEqualTo(original);
            assertThat(now.get("public.entries_low")).isEqualTo(original);
            assertThat(now.get("public.entries_high")).isEqualTo(before.tables().get("public.entries_high"));
            Map<String, String> roots = RestoredTables.partitionRoots(c);
            assertThat(roots).containsEntry("public.entries_low", "public.entries")
                    .doesNotContainKey("public.entries_low_restored");
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM entries WHERE id < 5000")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows of the tree in the replaced partition's range").isEqualTo(5000);
            }
        }

        // a replacement that fails (a view depends on the live partition, so it cannot be dropped) leaves it attached
        pg.execute("ledger", "DELETE FROM entries WHERE id < 100",
                "CREATE VIEW low_entries AS SELECT * FROM entries_low");
        Map<String, TableFingerprint> damagedAgain;
        try (Connection c = pg.connect("ledger")) {
            damagedAgain = TableFingerprints.of(c);
        }
        HttpResponse<String> blocked = post("/api/restores/table", RESTORER_TOKEN, "{\"table\":\"entries_low\","
                + "\"before\":\"" + damagedAt + "\",\"source\":\"ledger\",\"targetDatabase\":\"ledger\","
                + "\"force\":true}");
        RestoreCompleted failed = awaitRestore(id(blocked.body(), "restoreId"));
        assertThat(failed.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
        assertThat(failed.getDetail()).contains("failed, the target was left as it was").contains("low_entries");
        try (Connection c = pg.connect("ledger")) {
            assertThat(TableFingerprints.of(c)).isEqualTo(damagedAgain);
            assertThat(RestoredTables.partitionRoots(c)).containsEntry("public.entries_low", "public.entries");
        }
    }

    /**
     * A forced in-place restore of a table whose restored rows differ from the backup's fingerprint (the dump was
     * altered inside, every checksum and MAC intact) fails before it touches the live table: the live table, and
     * every other, is as it was, and the staged copy is gone.
     */
    @Test
    void aForcedReplacementThatDiffersFromTheBackupFailsAndLeavesTheLiveTableAsItWas() throws Exception {
        pg.createDatabase("billing");
        SampleSaasData.load(pg, "billing", 1);
        Backup backup = repository.dump(pg, "billing");
        awaitCatalogued(backup.id());
        Backup altered = repository.alterInsideDump(backup, pg,
                "UPDATE transcripts SET body = 'tampered' WHERE call_id = 7");
        awaitCatalogued(altered.manifestSha256());
        pg.execute("billing", "DELETE FROM transcripts WHERE call_id % 2 = 0");
        Map<String, TableFingerprint> live;
        try (Connection c = pg.connect("billing")) {
            live = TableFingerprints.of(c);
        }

        HttpResponse<String> forced = post("/api/restores/table", RESTORER_TOKEN, "{\"table\":\"transcripts\","
                + "\"before\":\"" + Instant.now() + "\",\"source\":\"billing\",\"targetDatabase\":\"billing\","
                + "\"force\":true}");
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(202);
        RestoreCompleted failed = awaitRestore(id(forced.body(), "restoreId"));

        assertThat(failed.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
        try (Connection c = pg.connect("billing")) {
            assertThat(TableFingerprints.of(c)).as("the live tables, and no staged copy left").isEqualTo(live);
        }
        assertThat(failed.getDetail()).contains("restored table public.transcripts in 'billing' differs from the backup")
                .contains("the target was left as it was");
    }

    @Test
    void aRestoreTestOfAGoodBackupIsGreenDocumentedAndLeavesNoScratchCluster() throws Exception {
        Backup backup = dumpToBothLocations();
        HttpResponse<String> started = post("/api/restore-tests", RESTORER_TOKEN,
                "{\"backupId\":\"" + backup.id() + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String testId = id(started.body(), "testId");
        RestoreTestCompleted done = (RestoreTestCompleted) events.await(Topics.RESTORE_TEST_COMPLETED.name(),
                v -> ((RestoreTestCompleted) v).getTestId().equals(testId), WAIT).value();

        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreTestOutcome.PASSED);
        assertThat(done.getBackupId()).isEqualTo(backup.id());
        assertThat(done.getTablesChecked()).isEqualTo(4);
        assertThat(done.getMismatchingTables()).isEmpty();
        assertThat(done.getSmokeQueriesFailed()).isEmpty();
        assertThat(done.getSourceLocation()).isEqualTo("primary");
        assertThat(done.getRtoMet()).isTrue();
        assertThat(done.getReportKeys()).hasSize(2);
        String markdown = Files.readString(reports.resolve(done.getReportKeys().get(1)));
        assertThat(markdown).contains("## Test plan", "### Objectives", "### Scope", "### Procedure and timings",
                "## Test results", "**PASS**", "### Observations", "## Issues log", "## Improvements",
                "SELECT count(*) FROM calls", "remove the scratch cluster", "Random seed");
        String json = Files.readString(reports.resolve(done.getReportKeys().get(0)));
        assertThat(json).contains("\"outcome\" : \"PASSED\"", "\"steps\"", "\"seed\"");
        IntegrityChecked checked = (IntegrityChecked) events.await(Topics.INTEGRITY_CHECKED.name(),
                v -> ((IntegrityChecked) v).getBackupId().equals(backup.id()), WAIT).value();
        assertThat(checked.getKind()).isEqualTo(CheckKind.RESTORE_TEST);
        assertThat(checked.getOutcome()).isEqualTo(IntegrityOutcome.PASSED);
        assertNoScratchLeft();
    }

    @Test
    void aRestoreTestOfADumpAlteredInsideIsRedNamesTheTableAndRaisesACriticalAlert() throws Exception {
        Backup backup = dumpToBothLocations();
        Backup altered = repository.alterInsideDump(backup, pg,
                "UPDATE calls SET caller = 'tampered' WHERE id = 7");
        awaitCatalogued(altered.manifestSha256());
        HttpResponse<String> started = post("/api/restore-tests", RESTORER_TOKEN,
                "{\"backupId\":\"" + backup.id() + "\"}");
        String testId = id(started.body(), "testId");
        RestoreTestCompleted done = (RestoreTestCompleted) events.await(Topics.RESTORE_TEST_COMPLETED.name(),
                v -> ((RestoreTestCompleted) v).getTestId().equals(testId), WAIT).value();

        assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreTestOutcome.FAILED);
        assertThat(done.getMismatchingTables()).containsExactly("public.calls");
        AlertRaised alert = (AlertRaised) events.await(Topics.ALERT_RAISED.name(),
                v -> ((AlertRaised) v).getAlertId().equals(AlertIds.integrity(backup.id(), "primary")), WAIT).value();
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getObservedValue()).contains("public.calls");
        IntegrityChecked checked = (IntegrityChecked) events.await(Topics.INTEGRITY_CHECKED.name(),
                v -> ((IntegrityChecked) v).getBackupId().equals(backup.id()), WAIT).value();
        assertThat(checked.getKind()).isEqualTo(CheckKind.RESTORE_TEST);
        assertThat(checked.getOutcome()).isEqualTo(IntegrityOutcome.CORRUPT);
        assertThat(checked.getFindings()).singleElement().satisfies(f -> assertThat(f.getDetail())
                .contains("public.calls"));
        assertThat(Files.readString(reports.resolve(done.getReportKeys().get(1))))
                .contains("**FAIL**", "public.calls");
        assertNoScratchLeft();
    }

    @Test
    void aLogicalRestoreOfADumpAlteredInsideFailsNamingTheTableAndDropsItsDatabase() throws Exception {
        Backup backup = dumpToBothLocations();
        Backup altered = repository.alterInsideDump(backup, pg,
                "UPDATE calls SET caller = 'tampered' WHERE id = 9");
        awaitCatalogued(altered.manifestSha256());
        HttpResponse<String> accepted = post("/api/restores", RESTORER_TOKEN,
                "{\"backupId\":\"" + backup.id() + "\",\"targetDatabase\":\"restored_altered\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));

        assertThat(done.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
        assertThat(done.getDetail()).contains("public.calls")
                .contains("the partly restored database 'restored_altered' was dropped");
        assertThat(databaseExists("restored_altered")).isFalse();
        assertNoScratchLeft();
    }

    /**
     * What a restore-service killed mid-work leaves (state made with the real thing: a server still running in a
     * throwaway cluster, a decrypted dump, a WAL staging directory, an accepted restore in the journal whose database
     * is half restored) is removed when the next one starts on that scratch directory, and the interrupted restore is
     * reported FAILED. A second service on a scratch directory in use refuses to start.
     */
    @Test
    void whatAKilledServiceLeftIsRemovedAndItsInterruptedRestoreReportedAtTheNextStart() throws Exception {
        assertThatThrownBy(() -> startService(scratch, "restore-it-second"))
                .hasStackTraceContaining("scratch directory '" + scratch + "' is in use by another restore-service");

        Path killed = Files.createTempDirectory("lb-killed-");
        Files.setPosixFilePermissions(killed, PosixFilePermissions.fromString("rwx--x--x"));
        ScratchCluster orphan = ScratchCluster.prepare(killed, "restore-test", Optional.empty()).initdbAndStart();
        int orphanPort = orphan.target().port();
        Path dump = Files.writeString(killed.resolve("lifeboat-b-0001-123.pgdump"), "COPY calls FROM stdin; 1 alice");
        Files.createDirectory(killed.resolve("lifeboat-wal-456"));
        Files.writeString(killed.resolve("lifeboat-wal-456").resolve("000000010000000000000003"), "wal");
        Path operatorFile = Files.writeString(killed.resolve("notes.txt"), "not the service's");
        pg.createDatabase("half_restored");
        pg.execute("half_restored", "CREATE TABLE calls (id int)", "INSERT INTO calls VALUES (1)");
        String restoreId = java.util.UUID.randomUUID().toString();
        pg.execute("postgres", "COMMENT ON DATABASE half_restored IS '" + TargetDatabase.mark(restoreId) + "'");
        new RestoreJournal(killed.resolve("journal")).record(new JournalEntry(restoreId, "b-0001",
                RestoreResult.Method.LOGICAL, "half_restored", "olivia", Instant.now().minusSeconds(30),
                JournalEntry.Undo.DROP_DATABASE, "half_restored"));
        // restores still queued whose target database exists, made by hand or by another restore: not theirs
        pg.createDatabase("made_by_hand");
        pg.execute("made_by_hand", "CREATE TABLE calls (id int)", "INSERT INTO calls VALUES (1)");
        pg.createDatabase("made_by_another");
        pg.execute("postgres", "COMMENT ON DATABASE made_by_another IS '"
                + TargetDatabase.mark(java.util.UUID.randomUUID().toString()) + "'");
        String queuedOnHandMadeId = java.util.UUID.randomUUID().toString();
        String queuedOnAnothersId = java.util.UUID.randomUUID().toString();
        new RestoreJournal(killed.resolve("journal")).record(new JournalEntry(queuedOnHandMadeId, "b-0001",
                RestoreResult.Method.LOGICAL, "made_by_hand", "olivia", Instant.now().minusSeconds(25),
                JournalEntry.Undo.DROP_DATABASE, "made_by_hand"));
        new RestoreJournal(killed.resolve("journal")).record(new JournalEntry(queuedOnAnothersId, "b-0001",
                RestoreResult.Method.LOGICAL, "made_by_another", "olivia", Instant.now().minusSeconds(25),
                JournalEntry.Undo.DROP_DATABASE, "made_by_another"));
        // a point-in-time restore that had started its server's recovery from the killed service's staged WAL, and
        // one still queued, whose data directory it never touched
        Path pitrParent = Files.createTempDirectory("lb-pitr-");
        Files.setPosixFilePermissions(pitrParent, PosixFilePermissions.fromString("rwx--x--x"));
        ScratchCluster recovering = ScratchCluster.prepare(pitrParent, "pitr", Optional.empty()).initdbAndStart();
        Files.writeString(recovering.dataDirectory().resolve("postgresql.auto.conf"), "restore_command = 'cp \""
                + killed.resolve("lifeboat-wal-456") + "/%f\" \"%p\"'\n", StandardOpenOption.APPEND);
        Path untouched = Files.createDirectories(pitrParent.resolve("queued"));
        Files.writeString(untouched.resolve("keep.txt"), "the operator's");
        String recoveringId = java.util.UUID.randomUUID().toString();
        String queuedId = java.util.UUID.randomUUID().toString();
        RestoreJournal journal = new RestoreJournal(killed.resolve("journal"));
        journal.record(new JournalEntry(recoveringId, "base-1", RestoreResult.Method.POINT_IN_TIME, "pitr",
                "olivia", Instant.now().minusSeconds(20), JournalEntry.Undo.REMOVE_RECOVERING_DATA_DIRECTORY,
                recovering.dataDirectory().toString()));
        journal.record(new JournalEntry(queuedId, "base-1", RestoreResult.Method.POINT_IN_TIME, "queued", "olivia",
                Instant.now().minusSeconds(10), JournalEntry.Undo.REMOVE_RECOVERING_DATA_DIRECTORY,
                untouched.toString()));
        // a single-table restore that had restored its table into the live database under the staged name, and
        // died before swapping it in; a table of the operator's in the same schema stays
        pg.createDatabase("live_app");
        String tableRestoreId = java.util.UUID.randomUUID().toString();
        String staged = "lifeboat_restoring_" + tableRestoreId.replace("-", "").substring(0, 12);
        pg.execute("live_app", "CREATE TABLE calls (id int)", "CREATE TABLE " + staged + " (id int)",
                "CREATE TABLE lifeboat_restoring_operators (id int)");
        journal.record(new JournalEntry(tableRestoreId, "b-0001", RestoreResult.Method.SINGLE_TABLE, "live_app",
                "olivia", Instant.now().minusSeconds(15), JournalEntry.Undo.DROP_DATABASE,
                "lifeboat_table_" + tableRestoreId.replace("-", "").substring(0, 12),
                Optional.of(new JournalEntry.StagedTable("live_app", "public", staged))));
        assertThat(orphan.isRunning()).isTrue();
        assertThat(recovering.isRunning()).isTrue();

        try (ConfigurableApplicationContext next = startService(killed, "restore-it-next")) {
            assertThat(awaitRestore(recoveringId).getDetail()).contains("its half-recovered server was stopped and"
                    + " its data directory '" + recovering.dataDirectory() + "' removed");
            assertThat(recovering.dataDirectory()).doesNotExist();
            assertThat(awaitRestore(queuedId).getDetail()).contains("it had not started recovery in data directory '"
                    + untouched + "', which was left as it was");
            assertThat(untouched.resolve("keep.txt")).exists();
            assertThat(awaitRestore(tableRestoreId).getDetail()).contains("its staged table 'public." + staged
                    + "' in database 'live_app' was dropped");
            try (Connection c = pg.connect("live_app"); var st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables"
                         + " WHERE schemaname = 'public'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("calls,lifeboat_restoring_operators");
            }
            RestoreCompleted interrupted = awaitRestore(restoreId);
            assertThat(interrupted.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
            assertThat(interrupted.getRequestedBy()).isEqualTo("olivia");
            assertThat(interrupted.getDetail()).startsWith("interrupted: restore-service stopped before this"
                    + " restore finished; its partly restored database 'half_restored' was dropped");
            assertThat(databaseExists("half_restored")).isFalse();
            assertThat(awaitRestore(queuedOnHandMadeId).getDetail()).contains("database 'made_by_hand' exists but"
                    + " was not created by this restore, so it was left as it was");
            assertThat(awaitRestore(queuedOnAnothersId).getDetail()).contains("database 'made_by_another' exists"
                    + " but was not created by this restore, so it was left as it was");
            assertThat(databaseExists("made_by_hand")).isTrue();
            assertThat(databaseExists("made_by_another")).isTrue();
            try (Connection c = pg.connect("made_by_hand"); var st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM calls")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            assertThat(dump).doesNotExist();
            assertThat(killed.resolve("lifeboat-wal-456")).doesNotExist();
            assertThat(orphan.dataDirectory()).doesNotExist();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", orphanPort).close())
                    .as("the orphaned server no longer listens").isInstanceOf(java.io.IOException.class);
            assertThat(operatorFile).exists();
            Files.delete(operatorFile);
            assertOnlyLockAndEmptyJournal(killed);
        } finally {
            orphan.close();
            recovering.close();
            ScratchCluster.delete(killed);
            ScratchCluster.delete(pitrParent);
        }
    }

    /** A restore whose journal entry cannot be written is not started: 503, and nothing is restored. */
    @Test
    void aRestoreThatCannotBeJournalledIsNotStarted() throws Exception {
        Backup dump = dumpToBothLocations();
        Path journal = scratch.resolve("journal");
        if (Files.exists(journal)) {
            try (var entries = Files.list(journal)) {
                assertThat(entries).isEmpty();
            }
            Files.delete(journal);
        }
        Files.writeString(journal, "not a directory");
        try {
            HttpResponse<String> refused = post("/api/restores", RESTORER_TOKEN,
                    "{\"backupId\":\"" + dump.id() + "\",\"targetDatabase\":\"never_journalled\"}");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"error\":\"JOURNAL_UNAVAILABLE\"")
                    .contains("cannot write the restore journal in '" + journal + "'")
                    .contains("the restore was not started");
        } finally {
            Files.delete(journal);
        }
        // the job was never queued: nothing can have created the database since
        assertThat(databaseExists("never_journalled")).isFalse();
    }

    /**
     * A restore-service process killed (SIGKILL) in the middle of a logical restore: the restore is held inside its
     * fetch (the primary copy of the dump is a FIFO no one writes to), after it was accepted and journalled and its
     * decrypted-dump file was created. The next service on that scratch directory removes the file and reports the
     * restore FAILED as interrupted.
     */
    @Test
    void aRestoreWhoseProcessIsKilledMidWayIsReportedInterruptedByTheNextStart() throws Exception {
        Backup dump = dumpToBothLocations();
        Path object = primary.resolve(dump.objectKey());
        Files.delete(object);
        Process mkfifo = new ProcessBuilder("mkfifo", object.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Path childScratch = Files.createTempDirectory("lb-child-");
        Files.setPosixFilePermissions(childScratch, PosixFilePermissions.fromString("rwx--x--x"));
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), RestoreServiceApplication.class.getName()));
        command.addAll(serviceArgs(childScratch, "restore-it-child"));
        command.add("--server.port=" + port);
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("killed-child.log").toFile()).start();
        String restoreId = null;
        try {
            String childUrl = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (restoreId == null) {
                assertThat(child.isAlive()).as("child service is running; its log: %s",
                        work.resolve("killed-child.log")).isTrue();
                assertThat(System.nanoTime()).as("child service accepted the restore in time").isLessThan(deadline);
                try {
                    HttpResponse<String> accepted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create(childUrl + "/api/restores"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + RESTORER_TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"backupId\":\"" + dump.id()
                                    + "\",\"targetDatabase\":\"killed_midway\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (accepted.statusCode() == 202) {
                        restoreId = id(accepted.body(), "restoreId");
                    }
                } catch (java.io.IOException notListeningYet) {
                    // still starting
                }
                if (restoreId == null) {
                    Thread.sleep(500);
                }
            }
            Path journalled = childScratch.resolve("journal").resolve(restoreId + ".restore");
            assertThat(journalled).exists();
            awaitFile(childScratch, "lifeboat-" + dump.id() + "-");
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (ConfigurableApplicationContext next = startService(childScratch, "restore-it-after-kill")) {
            RestoreCompleted interrupted = awaitRestore(restoreId);
            assertThat(interrupted.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
            assertThat(interrupted.getBackupId()).isEqualTo(dump.id());
            assertThat(interrupted.getDetail()).startsWith("interrupted: restore-service stopped before this"
                    + " restore finished; it had not created database 'killed_midway'");
            assertOnlyLockAndEmptyJournal(childScratch);
        } finally {
            Files.deleteIfExists(object);
            ScratchCluster.delete(childScratch);
        }
    }

    /** What a restored copy of the timeline test's source holds: rows written on each timeline, and its state. */
    private record TimelineRows(long one, long two, boolean inRecovery) {
    }

    private static TimelineRows timelineRows(int port) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/shop",
                "postgres", "");
             var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FILTER (WHERE note = 'timeline 1'),"
                     + " count(*) FILTER (WHERE note = 'timeline 2'), pg_is_in_recovery() FROM orders")) {
            rs.next();
            return new TimelineRows(rs.getLong(1), rs.getLong(2), rs.getBoolean(3));
        }
    }

    /** Whether the target server has a database named {@code name}. */
    private static boolean databaseExists(String name) throws Exception {
        try (Connection c = pg.connect("postgres");
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Waits until a file whose name starts with {@code prefix} appears in {@code dir}. */
    private static void awaitFile(Path dir, String prefix) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(dir)) {
                if (files.anyMatch(f -> f.getFileName().toString().startsWith(prefix))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no file '" + prefix + "*' appeared in " + dir);
    }

    /** A restore-service on the test's broker, registry, target server and repository, scratch in {@code scratchDir}. */
    private static ConfigurableApplicationContext startService(Path scratchDir) throws Exception {
        return startService(scratchDir, "restore-it");
    }

    /** The same, as instance {@code instance} (its own consumer groups, so it takes no partition from another). */
    private static ConfigurableApplicationContext startService(Path scratchDir, String instance) throws Exception {
        List<String> args = new java.util.ArrayList<>(serviceArgs(scratchDir, instance));
        args.add("--server.port=0");
        return RestoreServiceApplication.builder().run(args.toArray(String[]::new));
    }

    private static List<String> serviceArgs(Path scratchDir, String instance) throws Exception {
        return List.of(
                "--lifeboat.service.instance=" + instance,
                "--lifeboat.policy.file=../config/policy.yml",
                "--lifeboat.keys.keyset-file=" + work.resolve("keys/master-keys.json"),
                "--lifeboat.restore.scratch-dir=" + scratchDir,
                "--lifeboat.restore.restore-test.scheduled=false",
                "--lifeboat.restore.restore-test.reports=" + reports.toUri(),
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
                "--lifeboat.restore.locations[2].name=cold",
                "--lifeboat.restore.locations[2].tier=COLD",
                "--lifeboat.restore.locations[2].url=" + cold.toUri(),
                "--lifeboat.restore.restore-test.seed=42",
                "--lifeboat.restore.operators[0].name=olivia",
                "--lifeboat.restore.operators[0].token-sha256=" + sha256(RESTORER_TOKEN),
                "--lifeboat.restore.operators[0].roles=RESTORE,DR_DECLARE",
                "--lifeboat.restore.operators[1].name=audrey",
                "--lifeboat.restore.operators[1].token-sha256=" + sha256(AUDITOR_TOKEN),
                "--lifeboat.restore.operators[1].roles=DR_DECLARE");
    }

    /** Nothing in the scratch directory but its lock and an empty restore journal. */
    private static void assertNoScratchLeft() throws Exception {
        assertOnlyLockAndEmptyJournal(scratch);
    }

    private static void assertOnlyLockAndEmptyJournal(Path scratchDir) throws Exception {
        try (var left = Files.list(scratchDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).isSubsetOf(".lifeboat-restore.lock", "journal");
        }
        Path journal = scratchDir.resolve("journal");
        // a kept result is removed just after its events are published: give it a moment after the first arrived
        for (int i = 0; i < 100 && Files.exists(journal) && !journalFiles(journal).isEmpty(); i++) {
            Thread.sleep(100);
        }
        if (Files.exists(journal)) {
            assertThat(journalFiles(journal)).isEmpty();
        }
    }

    private static List<String> journalFiles(Path journal) throws Exception {
        try (var files = Files.list(journal)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aPointInTimeRestoreToATimeAnLsnOrARestorePointHasTheRowsBeforeNoneAfterAndTheDroppedTable()
            throws Exception {
        Path parent = scratch.resolveSibling(scratch.getFileName() + "-pitr");
        Map<Path, Integer> started = new java.util.LinkedHashMap<>();
        try (ArchivingCluster source = ArchivingCluster.start("pitr-source")) {
            PostgresCluster src = source.pg();
            src.createDatabase("shop");
            src.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                    "CREATE TABLE audit (id int)", "INSERT INTO audit SELECT generate_series(1, 10)",
                    "INSERT INTO orders SELECT g, 'before the base backup' FROM generate_series(1, 100) g");
            Backup base = repository.baseBackup(src);
            awaitCatalogued(base.id());
            src.execute("shop", "INSERT INTO orders SELECT g, 'before T' FROM generate_series(101, 200) g");
            Instant t = source.now("shop");
            // the insert position: with synchronous_commit off the write position may still be before the commit
            String lsn = source.query("SELECT pg_current_wal_insert_lsn()::text");
            source.query("SELECT pg_create_restore_point('lifeboat_it_point')::text");
            src.execute("shop", "INSERT INTO orders SELECT g, 'after T' FROM generate_series(201, 300) g",
                    "DROP TABLE audit");
            source.switchWalAndAwaitArchived();
            repository.storeWal(source.archive(), src);
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));

            Map<String, String> targets = new java.util.LinkedHashMap<>();
            targets.put("TIME", t.toString());
            targets.put("LSN", lsn);
            targets.put("NAME", "lifeboat_it_point");
            for (Map.Entry<String, String> target : targets.entrySet()) {
                Path dataDir = parent.resolve("restored-" + target.getKey().toLowerCase());
                HttpResponse<String> accepted = post("/api/restores/pitr", RESTORER_TOKEN, "{\"target\":{\"kind\":\""
                        + target.getKey() + "\",\"value\":\"" + target.getValue() + "\"},\"dataDirectory\":\""
                        + dataDir + "\"}");
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                int port = Integer.parseInt(id(accepted.body(), "port"));
                started.put(dataDir, port);
                RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));

                assertThat(done.getOutcome()).as(target + ": " + done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
                assertThat(done.getMethod()).isEqualTo(RestoreMethod.POINT_IN_TIME);
                assertThat(done.getBackupId()).isEqualTo(base.id());
                assertThat(done.getRtoMet()).isTrue();
                assertThat(done.getTarget()).isEqualTo(dataDir + " (port " + port + ")");
                assertThat(done.getTableRowCounts()).as(target.getKey()).containsEntry("shop.public.orders", 200L)
                        .containsEntry("shop.public.audit", 10L);
                try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                        + "/shop", "postgres", "");
                     var s = c.createStatement();
                     var rs = s.executeQuery("SELECT count(*), max(id), count(*) FILTER (WHERE note = 'after T'),"
                             + " pg_is_in_recovery() FROM orders")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(200);
                    assertThat(rs.getLong(2)).isEqualTo(200);
                    assertThat(rs.getLong(3)).isZero();
                    assertThat(rs.getBoolean(4)).as("promoted").isFalse();
                }
            }
            Path first = parent.resolve("restored-time");
            HttpResponse<String> running = post("/api/restores/pitr", RESTORER_TOKEN, "{\"dataDirectory\":\""
                    + first + "\",\"force\":true}");
            assertThat(running.statusCode()).isEqualTo(409);
            assertThat(running.body()).contains("belongs to a running server");
            ScratchCluster.kept(first, started.get(first), java.util.Optional.empty()).stop();
            HttpResponse<String> notEmpty = post("/api/restores/pitr", RESTORER_TOKEN, "{\"dataDirectory\":\""
                    + first + "\"}");
            assertThat(notEmpty.statusCode()).isEqualTo(409);
            assertThat(notEmpty.body()).contains("is not empty; a restore only replaces it when forced");
        } finally {
            started.forEach((dir, port) -> ScratchCluster.kept(dir, port, java.util.Optional.empty()).stop());
            ScratchCluster.delete(parent);
        }
    }

    @Test
    void aPointInTimeRestoreFollowsTheSourceOntoItsNewTimelineOrStaysOnTheTimelineAskedFor() throws Exception {
        Path parent = scratch.resolveSibling(scratch.getFileName() + "-pitr-timeline");
        Path dataDir = parent.resolve("restored-latest");
        Path branchDir = parent.resolve("restored-timeline-1");
        int port = -1;
        int branchPort = -1;
        try (ArchivingCluster source = ArchivingCluster.start("pitr-timeline")) {
            PostgresCluster src = source.pg();
            src.createDatabase("shop");
            src.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                    "INSERT INTO orders SELECT g, 'timeline 1, in the base backup' FROM generate_series(1, 100) g");
            Backup base = repository.baseBackup(src);
            awaitCatalogued(base.id());
            src.execute("shop", "INSERT INTO orders SELECT g, 'timeline 1' FROM generate_series(101, 200) g");
            // the segment the switch happens in is archived on timeline 1 only as a .partial file, which recovery
            // along timeline 1 does not read: close the one holding these rows first
            source.switchWalAndAwaitArchived();
            assertThat(source.switchTimeline()).isEqualTo(2);
            src.execute("shop", "INSERT INTO orders SELECT g, 'timeline 2' FROM generate_series(201, 300) g");
            source.switchWalAndAwaitArchived();
            repository.storeWal(source.archive(), src);
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));

            HttpResponse<String> accepted = post("/api/restores/pitr", RESTORER_TOKEN, "{\"backupId\":\""
                    + base.id() + "\",\"dataDirectory\":\"" + dataDir + "\"}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            port = Integer.parseInt(id(accepted.body(), "port"));
            RestoreCompleted done = awaitRestore(id(accepted.body(), "restoreId"));

            assertThat(done.getOutcome()).as(done.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
            assertThat(done.getTableRowCounts()).containsEntry("shop.public.orders", 300L);
            TimelineRows restored = timelineRows(port);
            assertThat(restored.one()).isEqualTo(100);
            assertThat(restored.two()).as("rows written after the source's timeline switch").isEqualTo(100);
            assertThat(restored.inRecovery()).as("promoted").isFalse();

            // the branch the source left: timeline 1 to its end, without what timeline 2 wrote
            HttpResponse<String> onOne = post("/api/restores/pitr", RESTORER_TOKEN, "{\"backupId\":\""
                    + base.id() + "\",\"target\":{\"kind\":\"LATEST\",\"timeline\":1},\"dataDirectory\":\""
                    + branchDir + "\"}");
            assertThat(onOne.statusCode()).as(onOne.body()).isEqualTo(202);
            branchPort = Integer.parseInt(id(onOne.body(), "port"));
            RestoreCompleted branch = awaitRestore(id(onOne.body(), "restoreId"));
            assertThat(branch.getOutcome()).as(branch.getDetail()).isEqualTo(RestoreOutcome.SUCCEEDED);
            assertThat(branch.getDetail()).contains("to the latest archived point on timeline 1");
            assertThat(branch.getTableRowCounts()).containsEntry("shop.public.orders", 200L);
            TimelineRows onTimelineOne = timelineRows(branchPort);
            assertThat(onTimelineOne.one()).isEqualTo(100);
            assertThat(onTimelineOne.two()).as("rows of the timeline not asked for").isZero();
            assertThat(onTimelineOne.inRecovery()).as("promoted").isFalse();

            HttpResponse<String> unknown = post("/api/restores/pitr", RESTORER_TOKEN, "{\"backupId\":\""
                    + base.id() + "\",\"target\":{\"kind\":\"LATEST\",\"timeline\":9},\"dataDirectory\":\""
                    + parent.resolve("restored-nine") + "\"}");
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(202);
            RestoreCompleted nine = awaitRestore(id(unknown.body(), "restoreId"));
            assertThat(nine.getOutcome()).isEqualTo(RestoreOutcome.FAILED);
            assertThat(nine.getDetail()).startsWith("timeline 9 is not in the wal archive (no intact copy of"
                    + " 00000009.history)");
            assertThat(parent.resolve("restored-nine")).doesNotExist();
        } finally {
            if (port > 0) {
                ScratchCluster.kept(dataDir, port, java.util.Optional.empty()).stop();
            }
            if (branchPort > 0) {
                ScratchCluster.kept(branchDir, branchPort, java.util.Optional.empty()).stop();
            }
            ScratchCluster.delete(parent);
        }
    }

    @Test
    void theRecoveryMatrixGivesTheApproachAndOrderedStepsOfAScenario() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
                        + "/api/recovery-matrix/database-failure")).header("Authorization", "Bearer " + RESTORER_TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"approach\":\"full restore + WAL replay\"")
                .containsSubsequence("Restore the newest base backup", "Replay WAL to the latest point",
                        "Verify table fingerprints", "Switch the application over");
        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl
                        + "/api/recovery-matrix/alien-invasion")).header("Authorization", "Bearer " + RESTORER_TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("scenario 'alien-invasion' is not in the policy's recovery matrix");
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

        HttpResponse<String> phase = post("/api/dr/declarations/" + drId + "/phases/declaration", AUDITOR_TOKEN,
                "{\"done\":[\"Declare disaster\",\"Notify management\"],\"notes\":\"drill\"}");
        assertThat(phase.statusCode()).as(phase.body()).isEqualTo(200);
        DrPhaseCompleted completed = (DrPhaseCompleted) events.await(Topics.DR_PHASE_COMPLETED.name(),
                v -> ((DrPhaseCompleted) v).getDrId().equals(drId), WAIT).value();
        assertThat(completed.getPhase()).isEqualTo("declaration");
        assertThat(completed.getWithinTimeBox()).isTrue();
        assertThat(completed.getDeadlineMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(completed.getChecklist()).hasSize(4).filteredOn(i -> i.getDone()).hasSize(2);
        assertThat(post("/api/dr/declarations/" + drId + "/phases/declaration", AUDITOR_TOKEN, "{}").statusCode())
                .isEqualTo(409);
        assertThat(post("/api/dr/declarations/" + drId + "/close", AUDITOR_TOKEN, "{\"summary\":\"drill over\"}")
                .statusCode()).isEqualTo(200);
        DrClosed closed = (DrClosed) events.await(Topics.DR_CLOSED.name(),
                v -> ((DrClosed) v).getDrId().equals(drId), WAIT).value();
        assertThat(closed.getPhasesSkipped()).containsExactly("activation", "verification");
        assertThat(closed.getWithinActivationTime()).isFalse();
        assertThat(post("/api/dr/declarations", AUDITOR_TOKEN, "{\"reason\":\"no trigger\"}").statusCode())
                .isEqualTo(400);
    }

    /** A dump written the way backup-service writes it, announced and in the catalogue. */
    private static Backup dumpToBothLocations() throws Exception {
        Backup backup = repository.dump(pg, "prosaas");
        awaitCatalogued(backup.id());
        return backup;
    }

    private static void awaitCatalogued(String backupId) throws Exception {
        awaitCatalogueMatches(Pattern.compile(Pattern.quote(backupId)));
    }

    /** GET /api/catalogue, as JSON. */
    private static String catalogue() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/catalogue"))
                .header("Authorization", "Bearer " + RESTORER_TOKEN).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void awaitCatalogueMatches(Pattern entry) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = catalogue();
            if (entry.matcher(last).find()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the catalogue never held " + entry + "; last: " + last);
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
