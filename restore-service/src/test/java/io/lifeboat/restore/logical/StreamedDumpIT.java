package io.lifeboat.restore.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.DumpArchiveScanner;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.copy.DestinationFailure;
import io.lifeboat.restore.postgres.FingerprintComparison;
import io.lifeboat.restore.postgres.RestoredTables;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dumps of a real cluster restored while they stream: tables loaded in many committed batches and read back batch by
 * batch, the rest of the dump by pg_restore; a dump with large objects restored whole by pg_restore; a target that
 * dies mid-load reported as the target's failure, not the copy's.
 */
class StreamedDumpIT {

    /** Small batches, so that the large table is loaded and read back in dozens of them. */
    private static final int BATCH_BYTES = 64 * 1024;

    private static PostgresCluster pg;
    private static Path work;
    private static Path plainDump;
    private static Path blobDump;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("lb-streamed-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        pg = PostgresCluster.start("streamed-dump");
        pg.createDatabase("source");
        pg.execute("source",
                "CREATE TABLE tenants (id serial PRIMARY KEY, name text)",
                "INSERT INTO tenants (name) VALUES ('Acme'), (E'tab\\there'), (E'new\\nline'), (NULL)",
                "CREATE TABLE calls (id bigint PRIMARY KEY, tenant int REFERENCES tenants, transcript text,"
                        + " at timestamptz, doubled bigint GENERATED ALWAYS AS (id * 2) STORED)",
                "INSERT INTO calls (id, tenant, transcript, at) SELECT g, 1 + g % 4, repeat(md5(g::text), 2),"
                        + " '2025-01-01'::timestamptz + g * interval '1 second' FROM generate_series(1, 120000) g",
                "CREATE INDEX calls_at ON calls (at)",
                "CREATE TABLE nothing (x int)");
        plainDump = dump("source", "plain.pgdump");
        pg.createDatabase("with_blobs");
        pg.execute("with_blobs", "CREATE TABLE recordings (id int, audio oid)",
                "INSERT INTO recordings VALUES (1, lo_from_bytea(0, '\\x52494646'::bytea))");
        blobDump = dump("with_blobs", "blobs.pgdump");
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The dump backup-service takes: custom format, uncompressed, UTF-8. */
    private static Path dump(String database, String name) throws Exception {
        Path file = work.resolve(name);
        List<String> command = new ArrayList<>(List.of(PostgresTools.tool("pg_dump", Optional.empty()).toString(),
                "-Fc", "-Z0", "-E", "UTF8", "-f", file.toString()));
        command.addAll(pg.clientArgs(database));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return file;
    }

    private static Map<String, TableFingerprint> fingerprintsOf(Path dump) throws Exception {
        DumpArchiveScanner scanner = new DumpArchiveScanner();
        byte[] archive = Files.readAllBytes(dump);
        scanner.update(archive, 0, archive.length);
        return scanner.finish();
    }

    private static RestoreProperties properties(int port, LogicalProof proof) {
        return new RestoreProperties(List.of(new StorageLocation("primary", StorageTier.PRIMARY,
                work.toUri().toString())), new RestoreProperties.Target(pg.host(), port, "postgres", "",
                "postgres"), "database", null, work.resolve("scratch").toString(), 2, proof,
                new RestoreProperties.RestoreTest(false, work.toUri().toString(), null), List.of());
    }

    private static StreamedDump load(int port, String database, String backupId, LogicalProof proof)
            throws IOException {
        RestoreProperties properties = properties(port, proof);
        return new StreamedDump(properties, properties.target(), database, "r-" + backupId, backupId, proof,
                BATCH_BYTES);
    }

    @Test
    void aDumpIsLoadedInCommittedBatchesReadBackBatchByBatchAndCompletedByPgRestore() throws Exception {
        Map<String, TableFingerprint> expected = fingerprintsOf(plainDump);
        Map<String, TableFingerprint> restored;
        String how;
        try (StreamedDump load = load(pg.port(), "streamed", "b1", LogicalProof.READ_BACK);
             InputStream in = Files.newInputStream(plainDump)) {
            load.write(null, in);
            try (var scratch = Files.list(work.resolve("scratch"))) {
                assertThat(scratch.mapToLong(f -> f.toFile().length()).sum())
                        .as("only the table of contents is written to the scratch directory")
                        .isLessThan(64 * 1024);
            }
            restored = load.complete(expected).fingerprints();
            how = load.describe();
        }

        assertThat(restored).isEqualTo(expected);
        assertThat(restored.get("public.calls").rows()).isEqualTo(120000);
        assertThat(how).contains("rows loaded from the decrypted stream").contains("0 tables read whole");
        int reads = Integer.parseInt(how.replaceAll(".*read back in (\\d+) reads.*", "$1"));
        assertThat(reads).as("the large table read back in parts while it loaded").isGreaterThan(10);
        try (Connection c = pg.connect("streamed"); Statement s = c.createStatement()) {
            assertThat(TableFingerprints.of(c)).isEqualTo(expected);
            try (ResultSet rs = s.executeQuery("SELECT last_value FROM tenants_id_seq")) {
                rs.next();
                assertThat(rs.getLong(1)).as("sequence value (data section, its own statement)").isEqualTo(4);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'calls'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("primary key and index (post-data)").isEqualTo(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("foreign key (post-data)").isEqualTo(1);
            }
        }
        try (var scratch = Files.list(work.resolve("scratch"))) {
            assertThat(scratch.toList()).as("scratch files removed").isEmpty();
        }
    }

    /**
     * Customer data never touches the disk: the scratch file holds at most the table of contents at any time, even
     * when the stream comes in small reads and the table of contents is recognised only some reads after its end.
     */
    @Test
    void theScratchFileNeverHoldsMoreThanTheTableOfContents() throws Exception {
        // a table of contents of tens of KiB, recognised only once the scanner next tries after its end
        pg.createDatabase("many_tables");
        pg.execute("many_tables", "DO $$ BEGIN FOR i IN 1..60 LOOP EXECUTE format('CREATE TABLE t%s (id int,"
                + " note text); INSERT INTO t%s SELECT g, md5(g::text) FROM generate_series(1, 200) g', i, i);"
                + " END LOOP; END $$");
        Path manyTables = dump("many_tables", "many-tables.pgdump");
        Path scratch = work.resolve("scratch");
        long[] largest = {0};
        InputStream watched = new FilterInputStream(Files.newInputStream(manyTables)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try (var files = Files.list(scratch)) {
                    largest[0] = Math.max(largest[0], files.mapToLong(f -> f.toFile().length()).sum());
                }
                return super.read(b, off, Math.min(len, 1000));
            }
        };
        long tableOfContents;
        try (StreamedDump load = load(pg.port(), "watched", "b4", LogicalProof.SENT_ROWS); InputStream in = watched) {
            load.write(null, in);
            try (var files = Files.list(scratch)) {
                tableOfContents = files.mapToLong(f -> f.toFile().length()).sum();
            }
            assertThat(load.complete(fingerprintsOf(manyTables)).fingerprints())
                    .isEqualTo(fingerprintsOf(manyTables));
        }
        assertThat(tableOfContents).isPositive();
        assertThat(largest[0]).as("the most the scratch directory held while the dump streamed")
                .isLessThanOrEqualTo(tableOfContents);
    }

    @Test
    void aDumpWithLargeObjectsIsWrittenWholeAndRestoredByPgRestore() throws Exception {
        Map<String, TableFingerprint> expected = fingerprintsOf(blobDump);
        try (StreamedDump load = load(pg.port(), "blobs_restored", "b2", LogicalProof.SENT_ROWS);
             InputStream in = Files.newInputStream(blobDump)) {
            load.write(null, in);
            assertThat(load.databaseCreated()).as("created only once the whole dump is in").isFalse();
            assertThat(load.complete(expected).fingerprints()).isEqualTo(expected);
            assertThat(load.describe()).contains("from a decrypted file because it holds BLOBS data");
        }
        try (Connection c = pg.connect("blobs_restored"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT encode(lo_get(audio), 'hex') FROM recordings")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("52494646");
        }
    }

    @Test
    void aTargetThatDiesMidLoadIsTheDestinationsFailureNotTheCopys() throws Exception {
        PostgresCluster doomed = PostgresCluster.start("streamed-dead");
        try {
            long[] read = {0};
            InputStream stopsTheServerHalfway = new FilterInputStream(Files.newInputStream(plainDump)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, Math.min(len, 64 * 1024));
                    read[0] += Math.max(n, 0);
                    if (read[0] > Files.size(plainDump) / 2 && doomed.isRunning()) {
                        doomed.stop();
                    }
                    return n;
                }
            };
            try (StreamedDump load = load(doomed.port(), "never", "b3", LogicalProof.SENT_ROWS);
                 InputStream in = stopsTheServerHalfway) {
                assertThatThrownBy(() -> load.write(null, in))
                        .isInstanceOf(DestinationFailure.class)
                        .hasMessageContaining("into 'never' failed");
                assertThat(load.databaseCreated()).isTrue();
            }
        } finally {
            doomed.close();
        }
    }

    @Test
    void aTableWhoseReadBackDiffersFromTheManifestIsReadAgainWhole() throws Exception {
        Map<String, TableFingerprint> expected = fingerprintsOf(plainDump);
        Map<String, TableFingerprint> wrong = new java.util.TreeMap<>(expected);
        wrong.put("public.calls", new TableFingerprint(120000, "0123456789abcdef"));
        try (StreamedDump load = load(pg.port(), "read_again", "b4", LogicalProof.READ_BACK);
             InputStream in = Files.newInputStream(plainDump)) {
            load.write(null, in);
            assertThat(load.complete(wrong).fingerprints()).as("what the table holds, read whole").isEqualTo(expected);
            assertThat(load.describe()).contains("1 tables read whole");
        }
    }

    @Test
    void theDefaultProofHashesEveryRowAsItIsSentAndTakesTheRowCountsTheServerAcknowledged() throws Exception {
        Map<String, TableFingerprint> expected = fingerprintsOf(plainDump);
        Restored r = restoreInto(pg, "sent_rows", LogicalProof.SENT_ROWS, expected);
        Map<String, TableFingerprint> restored = r.fingerprints();
        String how = r.how();

        assertThat(restored).isEqualTo(expected);
        assertThat(how).contains("every row fingerprinted as it was sent to COPY").doesNotContain("read back")
                .contains("0 tables read whole");
        try (Connection c = pg.connect("sent_rows"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM tenants_id_seq")) {
            assertThat(TableFingerprints.of(c)).as("what the database holds, read independently").isEqualTo(expected);
            rs.next();
            assertThat(rs.getLong(1)).as("sequence value, set and committed on the loading session").isEqualTo(4);
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    @Test
    void rowsTheTargetSilentlyDropsAreCaughtByEitherProofAndAlteredValuesByReadingBack() throws Exception {
        Map<String, TableFingerprint> expected = fingerprintsOf(plainDump);
        PostgresCluster faulty = PostgresCluster.start("streamed-faulty");
        try {
            // every database made from template1 gets, when a table "calls" is created in it, a trigger that drops
            // every 1000th row (database "loses_*") or changes its transcript ("alters_*"): a target that does not
            // store what it is sent, which no error reveals
            faulty.execute("template1",
                    "CREATE FUNCTION public.fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " IF NEW.id % 1000 = 0 AND current_database() LIKE 'loses%' THEN RETURN NULL; END IF;"
                            + " IF NEW.id % 1000 = 0 AND current_database() LIKE 'alters%' THEN"
                            + " NEW.transcript := 'altered'; END IF; RETURN NEW; END $$",
                    "CREATE FUNCTION public.add_fault() RETURNS event_trigger LANGUAGE plpgsql AS $$ DECLARE r record;"
                            + " BEGIN FOR r IN SELECT * FROM pg_event_trigger_ddl_commands()"
                            + " WHERE command_tag = 'CREATE TABLE' AND object_identity = 'public.calls' LOOP"
                            + " EXECUTE 'CREATE TRIGGER fault BEFORE INSERT ON public.calls FOR EACH ROW"
                            + " EXECUTE FUNCTION public.fault()'; END LOOP; END $$",
                    "CREATE EVENT TRIGGER add_fault ON ddl_command_end EXECUTE FUNCTION public.add_fault()");

            assertThat(restoreInto(faulty, "loses_sent", LogicalProof.SENT_ROWS, expected).fingerprints()
                    .get("public.calls"))
                    .as("the server acknowledged fewer rows than were sent")
                    .isEqualTo(new TableFingerprint(119880, expected.get("public.calls").contentHash()));
            TableFingerprint readBack = restoreInto(faulty, "loses_read", LogicalProof.READ_BACK, expected)
                    .fingerprints().get("public.calls");
            assertThat(readBack.rows()).isEqualTo(119880);
            assertThat(readBack.contentHash()).isNotEqualTo(expected.get("public.calls").contentHash());

            Map<String, TableFingerprint> altered = restoreInto(faulty, "alters_read", LogicalProof.READ_BACK,
                    expected).fingerprints();
            assertThat(altered.get("public.calls").rows()).isEqualTo(120000);
            assertThat(altered.get("public.calls").contentHash())
                    .as("a changed value is seen only by reading back")
                    .isNotEqualTo(expected.get("public.calls").contentHash());
            assertThat(restoreInto(faulty, "alters_sent", LogicalProof.SENT_ROWS, expected).fingerprints())
                    .as("what SENT_ROWS does not prove: that the server kept the values it was sent unchanged")
                    .isEqualTo(expected);
            for (String database : List.of("loses_sent", "loses_read", "alters_read", "alters_sent")) {
                try (Connection c = faulty.connect(database)) {
                    assertThat(TableFingerprints.of(c).get("public.tenants"))
                            .as("tables without the fault are proven equal").isEqualTo(expected.get("public.tenants"));
                }
            }
        } finally {
            faulty.close();
        }
    }

    @Test
    void rowsLoadedThroughThePartitionRootIntoAnotherPartitionAreNotTruncatedAway() throws Exception {
        // hash partitions on an enum key: pg_dump loads each partition's rows through the root, and since the enum
        // values get new OIDs in the restored database, rows land in other partitions than in the source, some in a
        // partition whose own entry comes later (with 40 values over 8 partitions, all but certainly): a table that
        // already holds rows when its own entry starts must not be truncated
        Path partitioned = enumHashPartitions("enum_hash", false);
        Map<String, TableFingerprint> expected = fingerprintsOf(partitioned);

        Restored r = restoreInto(pg, "enum_hash_restored", LogicalProof.SENT_ROWS, expected, partitioned);

        assertThat(r.fingerprints()).isEqualTo(expected);
        assertThat(moods("enum_hash_restored")).as("every row of every mood is there").isEqualTo(moods("enum_hash"))
                .containsEntry("m07", 100L);
        assertThat(partitionsOf("enum_hash_restored")).as("rows were routed differently than in the source")
                .isNotEqualTo(partitionsOf("enum_hash"));
    }

    @Test
    void partitionsWhoseRowsWereRoutedElsewhereAreProvenAsTheirTreeWhenReadBackOrRestoredWhole() throws Exception {
        // what the restored partitions hold differs from the source's partitions one by one; the tree as a whole
        // holds the same rows, and that is what a read-back (restore tests) and a whole-file restore must prove
        Path partitioned = enumHashPartitions("enum_hash_rb", false);
        Path withBlob = enumHashPartitions("enum_hash_lo", true);
        for (String source : List.of("enum_hash_rb", "enum_hash_lo")) {
            Path dump = source.equals("enum_hash_rb") ? partitioned : withBlob;
            Map<String, TableFingerprint> expected = fingerprintsOf(dump);

            Restored r = restoreInto(pg, source + "_restored", LogicalProof.READ_BACK, expected, dump);

            assertThat(r.how()).as("streamed and read back, or (with a large object) restored whole by pg_restore")
                    .contains(dump == withBlob ? "because it holds BLOBS data" : "rows loaded from the decrypted");
            assertThat(r.fingerprints()).as("partition by partition, the restored rows differ")
                    .isNotEqualTo(expected);
            FingerprintComparison.Result comparison = FingerprintComparison.compare(expected, r.tables());
            assertThat(comparison.mismatches()).isEmpty();
            assertThat(comparison.reroutedTrees()).containsExactly("partition tree public.feelings (8 partitions,"
                    + " 4000 rows) matches as a whole, its rows routed to other partitions than in the backup");
            assertThat(moods(source + "_restored")).isEqualTo(moods(source));
        }

        // one row lost from the tree is still a difference, named by partition
        pg.execute("enum_hash_rb_restored", "DELETE FROM feelings WHERE id = 7");
        try (Connection c = pg.connect("enum_hash_rb_restored")) {
            RestoredTables lost = new RestoredTables(TableFingerprints.of(c), RestoredTables.partitionRoots(c));
            FingerprintComparison.Result comparison = FingerprintComparison.compare(fingerprintsOf(partitioned),
                    lost);
            assertThat(comparison.mismatches()).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.table()).startsWith("public.feelings_"));
            assertThat(comparison.reroutedTrees()).isEmpty();
        }
    }

    /** A database of 4,000 rows in 8 hash partitions on an enum key (and a large object), and its dump. */
    private static Path enumHashPartitions(String database, boolean largeObject) throws Exception {
        pg.createDatabase(database);
        String labels = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(i -> String.format("'m%02d'", i))
                .collect(java.util.stream.Collectors.joining(", "));
        List<String> schema = new ArrayList<>(List.of("CREATE TYPE mood AS ENUM (" + labels + ")",
                "CREATE TABLE feelings (id int, m mood) PARTITION BY HASH (m)"));
        for (int i = 0; i < 8; i++) {
            schema.add("CREATE TABLE feelings_" + i + " PARTITION OF feelings FOR VALUES WITH (MODULUS 8, REMAINDER "
                    + i + ")");
        }
        schema.add("INSERT INTO feelings SELECT g, (enum_range(NULL::mood))[1 + g % 40]"
                + " FROM generate_series(1, 4000) g");
        if (largeObject) {
            schema.add("SELECT lo_from_bytea(0, '\\x52494646'::bytea)");
        }
        pg.execute(database, schema.toArray(String[]::new));
        return dump(database, database + ".pgdump");
    }

    private static Map<String, Long> moods(String database) throws Exception {
        return counts(database, "SELECT m::text, count(*) FROM feelings GROUP BY 1");
    }

    private static Map<String, Long> partitionsOf(String database) throws Exception {
        return counts(database, "SELECT m::text || ' in ' || tableoid::regclass, count(*) FROM feelings GROUP BY 1");
    }

    private static Map<String, Long> counts(String database, String sql) throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** What a restore proved, and how it says it did. */
    private record Restored(RestoredTables tables, String how) {
        Map<String, TableFingerprint> fingerprints() {
            return tables.fingerprints();
        }
    }

    private static Restored restoreInto(PostgresCluster server, String database, LogicalProof proof,
                                        Map<String, TableFingerprint> expected) throws Exception {
        return restoreInto(server, database, proof, expected, plainDump);
    }

    private static Restored restoreInto(PostgresCluster server, String database, LogicalProof proof,
                                        Map<String, TableFingerprint> expected, Path dump) throws Exception {
        try (StreamedDump load = load(server.port(), database, "b-" + database, proof);
             InputStream in = Files.newInputStream(dump)) {
            load.write(null, in);
            return new Restored(load.complete(expected), load.describe());
        }
    }
}
