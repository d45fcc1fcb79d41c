import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.wal.WalSegmentName;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.integrity.CopyVerifier;
import io.lifeboat.verify.sweep.CopyDue;
import io.lifeboat.verify.sweep.SweepPlan;
import io.lifeboat.verify.sweep.SweepPlanner;
import io.lifeboat.verify.wal.StoredWalArchive;
import io.lifeboat.verify.wal.WalArchive;
import io.lifeboat.verify.wal.WalChain;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The 7.1 daily sweep over a repository of 1,000 backups and 10,000 WAL segments (each its own WAL backup with a
 * sealed manifest, as backup-service stores them), with verify-service's own classes: SweepPlanner picks each day's
 * copies within the byte budget, CopyVerifier verifies them for real, and the WAL chain of the cluster is checked
 * from the base backup's start segment to the newest one. Simulates consecutive days and reports bytes read against
 * the budget, the oldest check at the end of each day, and wall times.
 *
 * Usage: SweepBench <work dir> <backups> <segments> <backup KiB> <segment KiB> <days>
 */
public class SweepBench {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int backups = Integer.parseInt(args[1]);
        int segments = Integer.parseInt(args[2]);
        int backupBytes = Integer.parseInt(args[3]) * 1024;
        int segmentBytes = Integer.parseInt(args[4]) * 1024;
        int days = Integer.parseInt(args[5]);
        Files.createDirectories(work);
        Path keysFile = work.resolve("master-keys.json");
        Files.deleteIfExists(keysFile);
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(keysFile);
        FilesystemStorage storage = new FilesystemStorage(work.resolve("repo"));
        ManifestStore manifests = new ManifestStore(keys);
        ObjectWriter writer = new ObjectWriter();
        Random random = new Random(7);
        Instant now = Instant.parse("2026-03-01T03:30:00Z");
        String system = "7100000000000000001";

        long t0 = System.nanoTime();
        List<CopyDue> copies = new ArrayList<>();
        Map<String, String> manifestKeys = new HashMap<>();
        long archiveBytes = 0;
        for (int i = 0; i < backups; i++) {
            String id = "dump-" + i;
            Instant completed = now.minus(Duration.ofMinutes(random.nextInt(30 * 24 * 60)));
            long stored = write(storage, manifests, keys, writer, "DATABASE_DUMP", id, backupBytes, random,
                    Map.of(), manifestKeys);
            archiveBytes += stored;
            copies.add(new CopyDue(id, "primary", stored, completed,
                    Optional.of(now.minus(Duration.ofMinutes(random.nextInt(7 * 24 * 60))))));
        }
        write(storage, manifests, keys, writer, "DATABASE_BASE", "base-0", backupBytes, random,
                Map.of("walStartLsn", "0/1000028", "timeline", "1", "systemIdentifier", system), manifestKeys);
        for (int i = 1; i <= segments; i++) {
            String name = new WalSegmentName(1, i, WalSegmentName.DEFAULT_SEGMENT_SIZE).fileName();
            String id = name + "-" + system;
            Instant completed = now.minus(Duration.ofMinutes((long) (segments - i) * 7 * 24 * 60 / segments));
            long stored = write(storage, manifests, keys, writer, "WAL", id, segmentBytes, random, Map.of(),
                    manifestKeys);
            archiveBytes += stored;
            copies.add(new CopyDue(id, "primary", stored, completed,
                    Optional.of(now.minus(Duration.ofMinutes(random.nextInt(7 * 24 * 60))))));
        }
        System.out.printf(Locale.ROOT, "repository: %d backups + %d wal segments, %d stored bytes, written in %.1f s%n",
                backups, segments, archiveBytes, (System.nanoTime() - t0) / 1e9);

        // the budget a 7-day period needs is a sixth of the archive a day (the planner takes copies one day early);
        // give it a fifth, as the policy's budget is sized with headroom
        long budget = archiveBytes / 5;
        SweepPlanner planner = new SweepPlanner(Duration.ofDays(7));
        CopyVerifier verifier = new CopyVerifier(manifests, keys, Clock.systemUTC());
        System.out.printf(Locale.ROOT, "daily byte budget: %d bytes (%.1f%% of the archive)%n", budget,
                100.0 * budget / archiveBytes);
        List<Double> walls = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant day = now.plus(Duration.ofDays(d));
            long start = System.nanoTime();
            SweepPlan plan = planner.plan(copies, day, budget, false);
            long read = 0;
            Map<String, CopyDue> verified = new HashMap<>();
            for (CopyDue copy : plan.verify()) {
                CopyReport report = verifier.verify(copy.backupId(), "primary", storage,
                        manifestKeys.get(copy.backupId()), null);
                if (!report.passed()) {
                    throw new IllegalStateException("bench repository is damaged: " + report);
                }
                read += report.bytesVerified();
                verified.put(copy.backupId(), copy);
            }
            double verifySeconds = (System.nanoTime() - start) / 1e9;
            long chainStart = System.nanoTime();
            Map<String, WalArchive> archives = StoredWalArchive.bySystem(storage);
            WalChain.Result chain = WalChain.check(archives.get(system),
                    Optional.of(WalSegmentName.ofLsn(1, "0/1000028", WalSegmentName.DEFAULT_SEGMENT_SIZE)),
                    WalSegmentName.DEFAULT_SEGMENT_SIZE);
            double chainSeconds = (System.nanoTime() - chainStart) / 1e9;
            copies.replaceAll(c -> verified.containsKey(c.backupId()) ? new CopyDue(c.backupId(), c.location(),
                    c.storedBytes(), c.completedAt(), Optional.of(day)) : c);
            Duration oldest = copies.stream().map(c -> Duration.between(c.lastVerified().orElseThrow(), day))
                    .max(Duration::compareTo).orElseThrow();
            double wall = verifySeconds + chainSeconds;
            walls.add(wall);
            System.out.printf(Locale.ROOT, "DAY %d copies_verified=%d deferred=%d bytes_read=%d budget=%d "
                            + "within_budget=%s oldest_check_h=%d wal_chain_continuous=%s wal_segments=%d "
                            + "verify_s=%.2f chain_s=%.2f wall_s=%.2f%n", d + 1, plan.verify().size(),
                    plan.deferred().size(), read, budget, read <= budget, oldest.toHours(), chain.continuous(),
                    chain.segments(), verifySeconds, chainSeconds, wall);
            if (read > budget || oldest.compareTo(Duration.ofDays(7)) > 0 || !chain.continuous()) {
                throw new IllegalStateException("the sweep broke its budget, its period or the chain on day " + (d + 1));
            }
        }
        walls.sort(Double::compare);
        System.out.printf(Locale.ROOT, "RESULT backups=%d segments=%d archive_bytes=%d budget=%d days=%d "
                + "median_wall_s=%.2f max_wall_s=%.2f%n", backups, segments, archiveBytes, budget, days,
                walls.get(walls.size() / 2), walls.get(walls.size() - 1));
    }

    private static long write(FilesystemStorage storage, ManifestStore manifests, LocalKeysetMasterKeys keys,
                              ObjectWriter writer, String dataType, String id, int bytes, Random random,
                              Map<String, String> metadata, Map<String, String> manifestKeys) throws Exception {
        byte[] data = new byte[bytes];
        random.nextBytes(data);
        DataKey dataKey = DataKey.generate();
        ManifestObject object = writer.write(storage, RepositoryLayout.objectKey(dataType, id, "data"),
                new ByteArrayInputStream(data), dataKey);
        manifestKeys.put(id, manifests.write(storage, new Manifest(Manifest.FORMAT_VERSION, id, dataType, "bench",
                Instant.now(), Instant.now(), List.of(object), metadata, Map.of())
                .withEncryption(dataKey.wrap(keys, id))));
        return object.storedBytes();
    }
}
