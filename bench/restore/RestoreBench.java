import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.wal.WalSegmentName;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.KeysProperties;
import io.lifeboat.restore.config.PolicyProperties;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.logical.LogicalRestore;
import io.lifeboat.restore.logical.RestoreRequest;
import io.lifeboat.restore.pitr.PitrRequest;
import io.lifeboat.restore.pitr.PointInTimeRestore;
import io.lifeboat.restore.pitr.RecoveryTarget;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.run.RestoreResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restore benchmarks on one pgbench cluster, alternating contenders run by run after one warm-up round each:
 * (1) PITR to the end of the archive: restore-service's PointInTimeRestore (decrypt + unpack the base backup, stage
 * WAL from the repository, start, replay, promote) vs `pgbackrest restore` + start + replay + promote (archive-get);
 * (2) logical: restore-service's LogicalRestore (the dump streamed into the new database, every row proven, with
 * each of the two proofs: SENT_ROWS, the default, and READ_BACK) vs `pg_restore -j2` of a plain `pg_dump -Fc` file.
 *
 * Usage: RestoreBench <work dir> <scale> <runs> <pgbench seconds> <policy.yml> [all|logical] [archiving-target]
 */
public class RestoreBench {

    static Path work;
    static PostgresCluster pg;
    static Path pgbrConf;

    public static void main(String[] args) throws Exception {
        work = Path.of(args[0]);
        int scale = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        Policy policy = PolicyFile.load(Path.of(args[4]));
        boolean pitrToo = args.length < 6 || !args[5].equals("logical");
        boolean archivingTarget = args.length > 6 && args[6].equals("archiving-target");
        Files.createDirectories(work);
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path archive = serverDir("archive");
        Path pgbrRepo = serverDir("pgbackrest-repo");
        Path repo = work.resolve("lifeboat-repo");
        Path scratch = work.resolve("scratch");
        Path keysetFile = Files.createDirectories(work.resolve("keys")).resolve("master-keys.json");
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(keysetFile);
        ManifestStore manifests = new ManifestStore(keys);
        FilesystemStorage storage = new FilesystemStorage(repo);

        pg = PostgresCluster.start("bench");
        PostgresCluster into = pg;
        try {
            pgbrConf = work.resolve("pgbackrest.conf");
            Files.writeString(pgbrConf, String.join("\n", "[global]", "repo1-path=" + pgbrRepo,
                    "repo1-cipher-type=aes-256-cbc", "repo1-cipher-pass=bench-only-passphrase",
                    "compress-type=zst", "compress-level=3", "process-max=2", "start-fast=y",
                    "log-path=" + serverDir("pgbackrest-log"), "lock-path=" + serverDir("pgbackrest-lock"),
                    "log-level-console=warn", "", "[bench]", "pg1-path=" + pg.dataDirectory(),
                    "pg1-port=" + pg.port(), "pg1-socket-path=" + pg.directory(), ""));
            pg.execute("postgres", "ALTER SYSTEM SET archive_mode = on", "ALTER SYSTEM SET archive_command = 'cp %p "
                    + archive + "/%f && pgbackrest --config=" + pgbrConf + " --stanza=bench archive-push %p'",
                    "ALTER SYSTEM SET max_wal_size = '1GB'", "ALTER SYSTEM SET checkpoint_timeout = '15min'");
            pg.stop();
            pg.start();
            asPostgres(List.of("pgbackrest", "--config=" + pgbrConf, "--stanza=bench", "stanza-create"));
            pg.createDatabase("bench");
            long t = System.nanoTime();
            run(List.of(tool("pgbench"), "-i", "-q", "-s", Integer.toString(scale), "-h", pg.host(), "-p",
                    Integer.toString(pg.port()), "-U", "postgres", "bench"));
            log("pgbench -i -s %d in %.0f s", scale, secs(t));

            // base backups of the same state, one per contender
            t = System.nanoTime();
            String baseId = "base-" + UUID.randomUUID().toString().substring(0, 8);
            CatalogueEntry base = lifeboatBaseBackup(baseId, storage, manifests, keys);
            log("lifeboat base backup in %.0f s", secs(t));
            t = System.nanoTime();
            asPostgres(List.of("pgbackrest", "--config=" + pgbrConf, "--stanza=bench", "--type=full", "backup"));
            log("pgbackrest full backup in %.0f s", secs(t));

            // WAL to replay: pgbench traffic, then close the segment and wait for both archives
            run(List.of(tool("pgbench"), "-n", "-c", "2", "-j", "2", "-T", Integer.toString(seconds), "-h",
                    pg.host(), "-p", Integer.toString(pg.port()), "-U", "postgres", "bench"));
            String last = query("SELECT pg_walfile_name(pg_switch_wal())");
            // archive_command is 'cp ... && pgbackrest archive-push': archived means both have it
            while (!last.equals(query("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver"))) {
                Thread.sleep(200);
            }
            String systemIdentifier = query("SELECT system_identifier::text FROM pg_control_system()");
            long walBytes = storeWal(archive, systemIdentifier, storage, manifests, keys);
            log("wal to replay: %d MiB in %s", walBytes >> 20, archive);
            String expected = query("bench", "SELECT sum(abalance)::text || '/' || count(*) FROM pgbench_accounts");

            RestoreProperties properties = properties(pg, scratch, LogicalProof.SENT_ROWS);
            BackupCatalogue catalogue = new BackupCatalogue();
            catalogue.add(base);
            BackupCopies copies = new BackupCopies(properties.locations(), manifests);
            PointInTimeRestore pitr = new PointInTimeRestore(properties, catalogue, copies, manifests, policy,
                    new KeysProperties(keysetFile.toString()), new PolicyProperties(args[4]), Clock.systemUTC());

            List<Double> lifeboatPitr = new ArrayList<>();
            List<Double> pgbackrestPitr = new ArrayList<>();
            for (int i = 0; pitrToo && i <= runs; i++) {
                double l = lifeboatPitr(pitr, i, expected);
                double b = pgbackrestPitr(i, expected);
                log("pitr run %d%s: lifeboat %.1f s, pgbackrest %.1f s", i, i == 0 ? " (warm-up)" : "", l, b);
                if (i > 0) {
                    lifeboatPitr.add(l);
                    pgbackrestPitr.add(b);
                }
            }
            if (pitrToo) {
                result("pitr", lifeboatPitr, pgbackrestPitr, "pgbackrest restore + recovery");
            }

            // logical: the dump the policy names (pg_dump -Fc) for the baseline; backup-service's for Lifeboat
            Path plainDump = work.resolve("bench.pgdump");
            run(List.of(tool("pg_dump"), "-Fc", "-f", plainDump.toString(), "-h", pg.host(), "-p",
                    Integer.toString(pg.port()), "-U", "postgres", "bench"));
            CatalogueEntry dump = lifeboatDump(storage, manifests, keys);
            catalogue.add(dump);
            // both contenders restore into a server of their own (same settings as the source, without its WAL
            // archiving, whose cp + pgbackrest archive-push of every segment would otherwise run during both), or,
            // with "archiving-target", into the source server itself
            if (!archivingTarget) {
                into = PostgresCluster.start("bench-target");
                into.execute("postgres", "ALTER SYSTEM SET max_wal_size = '1GB'",
                        "ALTER SYSTEM SET checkpoint_timeout = '15min'");
                into.stop();
                into.start();
            }
            log("logical restores into %s", into == pg ? "the source server (WAL archiving on)"
                    : "a server of their own (no WAL archiving)");
            // Lifeboat's logical restore with each proof of the rows (the configured default first), and the baseline
            Map<LogicalProof, LogicalRestore> logical = new EnumMap<>(LogicalProof.class);
            Map<LogicalProof, List<Double>> lifeboatLogical = new EnumMap<>(LogicalProof.class);
            for (LogicalProof proof : List.of(LogicalProof.SENT_ROWS, LogicalProof.READ_BACK)) {
                logical.put(proof, new LogicalRestore(properties(into, scratch, proof), catalogue, copies, policy,
                        Clock.systemUTC()));
                lifeboatLogical.put(proof, new ArrayList<>());
            }
            List<Double> plainLogical = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                StringBuilder line = new StringBuilder();
                for (Map.Entry<LogicalProof, LogicalRestore> contender : logical.entrySet()) {
                    String db = "lifeboat_" + i;
                    long s = System.nanoTime();
                    RestoreResult r = contender.getValue().accept(new RestoreRequest(UUID.randomUUID().toString(),
                            dump.backupId(), db, "bench", Instant.now())).run();
                    double l = secs(s);
                    if (r.outcome() != RestoreResult.Outcome.SUCCEEDED) {
                        throw new IllegalStateException("lifeboat logical restore failed: " + r.detail());
                    }
                    log("  lifeboat %s: %s", contender.getKey(), r.detail().replaceAll(".*copy used", "copy used"));
                    into.execute("postgres", "DROP DATABASE " + db);
                    line.append(String.format(Locale.ROOT, "lifeboat %s %.1f s, ", contender.getKey(), l));
                    if (i > 0) {
                        lifeboatLogical.get(contender.getKey()).add(l);
                    }
                }
                String plain = "plain_" + i;
                long s = System.nanoTime();
                into.createDatabase(plain);
                run(List.of(tool("pg_restore"), "-j", "2", "--no-owner", "--exit-on-error", "-h", into.host(), "-p",
                        Integer.toString(into.port()), "-U", "postgres", "-d", plain, plainDump.toString()));
                double b = secs(s);
                into.execute("postgres", "DROP DATABASE " + plain);
                log("logical run %d%s: %spg_restore -j2 %.1f s", i, i == 0 ? " (warm-up)" : "", line, b);
                if (i > 0) {
                    plainLogical.add(b);
                }
            }
            lifeboatLogical.forEach((proof, times) -> result("logical (" + proof + ")", times, plainLogical,
                    "pg_restore -j2"));
        } finally {
            if (into != pg) {
                into.close();
            }
            pg.close();
        }
    }

    /** restore-service's configuration for restores into {@code server}, the repository and {@code scratch}. */
    static RestoreProperties properties(PostgresCluster server, Path scratch, LogicalProof proof) {
        return new RestoreProperties(List.of(new StorageLocation("primary", StorageTier.PRIMARY,
                        work.resolve("lifeboat-repo").toUri().toString())),
                new RestoreProperties.Target(server.host(), server.port(), "postgres", "", "postgres"), "database",
                null, scratch.toString(), 2, proof, new RestoreProperties.RestoreTest(false,
                work.toUri().toString(), null), List.of());
    }

    static double lifeboatPitr(PointInTimeRestore pitr, int i, String expected) throws Exception {
        Path dir = work.resolve("lifeboat-restored-" + i);
        int port = ScratchCluster.freePort();
        long s = System.nanoTime();
        RestoreResult r = pitr.accept(new PitrRequest(UUID.randomUUID().toString(), Optional.empty(),
                RecoveryTarget.latest(), dir, port, false, "bench", Instant.now())).run();
        double took = secs(s);
        log("  lifeboat: %s", r.detail());
        try {
            if (r.outcome() != RestoreResult.Outcome.SUCCEEDED) {
                throw new IllegalStateException("lifeboat pitr failed: " + r.detail());
            }
            check(port, expected);
        } finally {
            ScratchCluster.kept(dir, port, Optional.empty()).stop();
            ScratchCluster.delete(dir);
        }
        return took;
    }

    static double pgbackrestPitr(int i, String expected) throws Exception {
        Path dir = work.resolve("pgbackrest-restored-" + i);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ScratchCluster.handOver(dir);
        int port = ScratchCluster.freePort();
        long s = System.nanoTime();
        asPostgres(List.of("pgbackrest", "--config=" + pgbrConf, "--stanza=bench", "--pg1-path=" + dir, "restore"));
        Files.writeString(dir.resolve("postgresql.auto.conf"), "\nport = " + port + "\nunix_socket_directories = '"
                + dir + "'\narchive_mode = off\n", java.nio.file.StandardOpenOption.APPEND);
        asPostgres(List.of(tool("pg_ctl"), "-D", dir.toString(), "-l", dir.resolve("server.log").toString(), "-w",
                "-t", "3600", "start"));
        awaitPromoted(port);
        double took = secs(s);
        try {
            check(port, expected);
        } finally {
            asPostgres(List.of(tool("pg_ctl"), "-D", dir.toString(), "-m", "fast", "-w", "stop"));
            ScratchCluster.delete(dir);
        }
        return took;
    }

    static void awaitPromoted(int port) throws Exception {
        while (true) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "postgres", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // not accepting connections yet
            }
            Thread.sleep(100);
        }
    }

    static void check(int port, String expected) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/bench",
                "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sum(abalance)::text || '/' || count(*) FROM pgbench_accounts")) {
            rs.next();
            if (!rs.getString(1).equals(expected)) {
                throw new IllegalStateException("restored state " + rs.getString(1) + " is not " + expected);
            }
        }
    }

    static CatalogueEntry lifeboatBaseBackup(String id, FilesystemStorage storage, ManifestStore manifests,
                                             LocalKeysetMasterKeys keys) throws Exception {
        Path log = work.resolve("basebackup.log");
        Process p = new ProcessBuilder(tool("pg_basebackup"), "-h", pg.host(), "-p", Integer.toString(pg.port()),
                "-U", "postgres", "-D", "-", "-Ft", "-X", "fetch", "--checkpoint=fast", "--verbose")
                .redirectError(log.toFile()).start();
        String objectKey = RepositoryLayout.objectKey("DATABASE_BASE", id, "base.tar");
        DataKey dataKey = DataKey.generate();
        Instant started = Instant.now();
        ManifestObject object;
        try (InputStream in = p.getInputStream()) {
            object = new ObjectWriter().write(storage, objectKey, in, dataKey);
        }
        String out = Files.readString(log);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pg_basebackup failed: " + out);
        }
        Matcher start = Pattern.compile("write-ahead log start point: (\\S+) on timeline (\\d+)").matcher(out);
        Matcher end = Pattern.compile("write-ahead log end point: (\\S+)").matcher(out);
        if (!start.find() || !end.find()) {
            throw new IllegalStateException("no wal range in: " + out);
        }
        String sysid = query("SELECT system_identifier::text FROM pg_control_system()");
        return commit(storage, manifests, keys, dataKey, id, "DATABASE_BASE", object, started, Map.of("format",
                "pg_basebackup-tar", "walStartLsn", start.group(1), "walStopLsn", end.group(1), "timeline",
                start.group(2), "systemIdentifier", sysid), Map.of());
    }

    static CatalogueEntry lifeboatDump(FilesystemStorage storage, ManifestStore manifests,
                                       LocalKeysetMasterKeys keys) throws Exception {
        String id = "dump-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, io.lifeboat.format.manifest.TableFingerprint> tables;
        try (Connection c = pg.connect("bench")) {
            tables = io.lifeboat.format.postgres.TableFingerprints.of(c);
        }
        Process p = new ProcessBuilder(tool("pg_dump"), "-Fc", "-Z0", "-h", pg.host(), "-p",
                Integer.toString(pg.port()), "-U", "postgres", "bench").redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        DataKey dataKey = DataKey.generate();
        Instant started = Instant.now();
        ManifestObject object;
        try (InputStream in = p.getInputStream()) {
            object = new ObjectWriter().write(storage, RepositoryLayout.objectKey("DATABASE_DUMP", id,
                    "database.pgdump"), in, dataKey);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pg_dump failed");
        }
        return commit(storage, manifests, keys, dataKey, id, "DATABASE_DUMP", object, started, Map.of(), tables);
    }

    static CatalogueEntry commit(FilesystemStorage storage, ManifestStore manifests, LocalKeysetMasterKeys keys,
                                 DataKey dataKey, String id, String dataType, ManifestObject object, Instant started,
                                 Map<String, String> metadata,
                                 Map<String, io.lifeboat.format.manifest.TableFingerprint> tables) throws Exception {
        String manifestKey = manifests.write(storage, new Manifest(Manifest.FORMAT_VERSION, id, dataType, "bench",
                started, Instant.now(), List.of(object), metadata, tables).withEncryption(dataKey.wrap(keys, id)));
        String sha;
        try (InputStream in = storage.open(manifestKey)) {
            sha = DigestingInputStream.drain(in).sha256();
        }
        return new CatalogueEntry(id, dataType, "bench", started, Instant.now(), manifestKey, sha,
                List.of("primary"));
    }

    static long storeWal(Path archive, String sysid, FilesystemStorage storage, ManifestStore manifests,
                         LocalKeysetMasterKeys keys) throws Exception {
        long bytes = 0;
        try (var files = Files.list(archive)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!WalSegmentName.isSegmentFileName(name)) {
                    continue;
                }
                String id = WalSegmentName.parse(name).backupId(sysid);
                DataKey dataKey = DataKey.generate();
                ManifestObject object;
                try (InputStream in = Files.newInputStream(file)) {
                    object = new ObjectWriter().write(storage, RepositoryLayout.objectKey("WAL", id, name), in,
                            dataKey);
                }
                bytes += object.plainBytes();
                manifests.write(storage, new Manifest(Manifest.FORMAT_VERSION, id, "WAL", sysid, Instant.now(),
                        Instant.now(), List.of(object), Map.of("segmentName", name), Map.of())
                        .withEncryption(dataKey.wrap(keys, id)));
            }
        }
        return bytes;
    }

    static void result(String what, List<Double> lifeboat, List<Double> baseline, String baselineName) {
        double l = median(lifeboat);
        double b = median(baseline);
        System.out.printf(Locale.ROOT, "RESULT %s: lifeboat median %.1f s %s, %s median %.1f s %s, ratio %.2f%n",
                what, l, lifeboat, baselineName, b, baseline, l / b);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String query(String sql) throws Exception {
        return query("postgres", sql);
    }

    static String query(String database, String sql) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Path serverDir(String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        ScratchCluster.handOver(dir);
        return dir;
    }

    static String tool(String name) {
        return PostgresTools.tool(name).toString();
    }

    static void asPostgres(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
