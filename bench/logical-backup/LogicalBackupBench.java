import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.backup.dump.LogicalDump;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.DatabaseBackup;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.infra.postgres.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lifeboat's logical backup (pg_dump -Fc -Z0 in an exported snapshot with table fingerprints -> zstd -> AES-256-GCM
 * -> SHA-256 -> filesystem, manifest sealed last; the same classes backup-service runs) against plain
 * {@code pg_dump -Fc -f file} of the same pgbench database, alternating, after one warm-up run of each.
 * Args: work dir, pgbench scale, measured runs per side.
 */
public class LogicalBackupBench {

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        int scale = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        try (PostgresCluster pg = PostgresCluster.start("bench-logical")) {
            pg.createDatabase("bench");
            long t0 = System.nanoTime();
            run(concat(List.of(PostgresTools.tool("pgbench").toString(), "-i", "-q", "-s", Integer.toString(scale)),
                    pg.clientArgs("bench")));
            System.out.printf("pgbench -i -s %d: %.1f s%n", scale, (System.nanoTime() - t0) / 1e9);
            pg.execute("bench", "VACUUM ANALYZE");
            String size;
            try (var c = pg.connect("bench"); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size('bench'))")) {
                rs.next();
                size = rs.getString(1);
            }
            System.out.println("database size: " + size);

            Path keys = work.resolve("keys.json");
            LocalKeysetMasterKeys masterKeys = LocalKeysetMasterKeys.createFile(keys);
            Path repo = work.resolve("repo");
            BackupProperties props = new BackupProperties(
                    new BackupProperties.Database("127.0.0.1", pg.port(), "bench", PostgresCluster.SUPERUSER, null,
                            null),
                    List.of(new StorageLocation("primary", StorageTier.PRIMARY, repo.toUri().toString())),
                    false, null, Duration.ofHours(6), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                    Duration.ofMinutes(1), null, "0 30 1 * * *",
                    ObjectWriter.DEFAULT_COMPRESSION_LEVEL);
            Locations locations = new Locations(props);
            Copies copies = new Copies(locations, (copy, attempts) -> { }, props, masterKeys);
            DatabaseBackup lifeboat = new DatabaseBackup(props, new LogicalDump(props),
                    new BackupCommit(locations, copies, masterKeys), Clock.systemUTC());
            Path plain = work.resolve("plain.dump");
            List<String> pgDump = concat(List.of(PostgresTools.tool("pg_dump").toString(), "-Fc", "-f",
                    plain.toString()), pg.clientArgs("bench"));

            List<Double> baseline = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                Files.deleteIfExists(plain);
                double b = time(() -> run(pgDump));
                long plainBytes = Files.size(plain);
                String id = "bench-" + i;
                double[] stored = new double[1];
                double l = time(() -> {
                    BackupOutcome outcome = lifeboat.run(id);
                    if (!(outcome instanceof BackupOutcome.Completed c)) {
                        throw new IllegalStateException("backup failed: " + outcome);
                    }
                    stored[0] = c.manifest().storedBytes();
                });
                System.out.printf("%s run %d: pg_dump -Fc %.2f s (%d bytes), lifeboat %.2f s (%d bytes stored)%n",
                        i == 0 ? "warm-up" : "measured", i, b, plainBytes, l, (long) stored[0]);
                if (i > 0) {
                    baseline.add(b);
                    ours.add(l);
                }
            }
            copies.close();
            double mb = median(baseline);
            double ml = median(ours);
            System.out.printf("median pg_dump -Fc: %.2f s, median lifeboat: %.2f s, ratio lifeboat/pg_dump: %.3f%n",
                    mb, ml, ml / mb);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static double time(Step step) throws Exception {
        long t = System.nanoTime();
        step.run();
        return (System.nanoTime() - t) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
    }
}
