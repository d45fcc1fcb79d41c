import io.lifeboat.backup.base.BaseBackupStream;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.PhysicalBackup;
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
 * Lifeboat's physical base backup (pg_basebackup -Ft -D - -X fetch -> zstd 3 -> AES-256-GCM -> SHA-256 -> filesystem,
 * sealed manifest; the classes backup-service runs) against {@code pgbackrest backup --type=full} (zst,
 * aes-256-cbc) with process-max 1 and 2, on the same pgbench cluster, alternating, after one warm-up of each.
 * Args: work dir, pgbench scale, measured runs.
 */
public class BaseBackupBench {

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        int scale = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        try (PostgresCluster pg = PostgresCluster.start("bench-base")) {
            pg.createDatabase("bench");
            run(concat(List.of(PostgresTools.tool("pgbench").toString(), "-i", "-q", "-s", Integer.toString(scale)),
                    pg.clientArgs("bench")));
            pg.execute("bench", "VACUUM ANALYZE", "CHECKPOINT");
            Path repo = pg.directory().resolve("pgbackrest-repo");
            Path spool = pg.directory().resolve("pgbackrest-spool");
            List<String> common = List.of("--stanza=bench", "--pg1-path=" + pg.dataDirectory(),
                    "--pg1-port=" + pg.port(), "--pg1-socket-path=" + pg.directory(), "--pg1-user=postgres",
                    "--repo1-path=" + repo, "--repo1-cipher-type=aes-256-cbc",
                    "--log-path=" + spool, "--lock-path=" + spool,
                    "--log-level-console=error", "--log-level-file=off");
            pgbackrest(common, "stanza-create");

            Path keys = work.resolve("keys.json");
            LocalKeysetMasterKeys masterKeys = LocalKeysetMasterKeys.createFile(keys);
            BackupProperties props = new BackupProperties(
                    new BackupProperties.Database("127.0.0.1", pg.port(), "bench", PostgresCluster.SUPERUSER, null,
                            null),
                    List.of(new StorageLocation("primary", StorageTier.PRIMARY,
                            work.resolve("repo").toUri().toString())),
                    false, null, Duration.ofHours(6), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                    Duration.ofMinutes(1), null, "0 30 1 * * *",
                    ObjectWriter.DEFAULT_COMPRESSION_LEVEL);
            Locations locations = new Locations(props);
            Copies copies = new Copies(locations, (copy, attempts) -> { }, props, masterKeys);
            PhysicalBackup lifeboat = new PhysicalBackup(props, new BaseBackupStream(props),
                    new BackupCommit(locations, copies, masterKeys), Clock.systemUTC());

            List<Double> p1 = new ArrayList<>();
            List<Double> p2 = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                double a = time(() -> pgbackrest(common, "backup", "--type=full", "--process-max=1",
                        "--compress-type=zst", "--archive-check=n", "--start-fast", "--repo1-retention-full=1"));
                double b = time(() -> pgbackrest(common, "backup", "--type=full", "--process-max=2",
                        "--compress-type=zst", "--archive-check=n", "--start-fast", "--repo1-retention-full=1"));
                String id = "bench-" + i;
                long[] stored = new long[1];
                double l = time(() -> {
                    BackupOutcome outcome = lifeboat.run(id);
                    if (!(outcome instanceof BackupOutcome.Completed c)) {
                        throw new IllegalStateException("backup failed: " + outcome);
                    }
                    stored[0] = c.manifest().storedBytes();
                });
                System.out.printf("%s run %d: pgbackrest p1 %.2f s, pgbackrest p2 %.2f s, lifeboat %.2f s (%d bytes stored)%n",
                        i == 0 ? "warm-up" : "measured", i, a, b, l, stored[0]);
                if (i > 0) {
                    p1.add(a);
                    p2.add(b);
                    ours.add(l);
                }
            }
            copies.close();
            System.out.printf("median pgbackrest process-max=1: %.2f s, process-max=2: %.2f s, lifeboat: %.2f s;"
                    + " ratio lifeboat/p1 %.3f, lifeboat/p2 %.3f%n", median(p1), median(p2), median(ours),
                    median(ours) / median(p1), median(ours) / median(p2));
        }
    }

    static void pgbackrest(List<String> common, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "pgbackrest"));
        command.addAll(common);
        command.addAll(List.of(more));
        // pgbackrest refuses a cipher pass on the command line; runuser keeps the environment
        run(command, "PGBACKREST_REPO1_CIPHER_PASS", "bench-only-cipher-pass");
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

    static void run(List<String> command, String... env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i + 1 < env.length; i += 2) {
            builder.environment().put(env[i], env[i + 1]);
        }
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(5, command.size())))
                    + " failed: " + out);
        }
    }
}
