import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.integrity.CopyVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Verifying one stored backup with verify-service's CopyVerifier (sealed manifest authenticated, then the object
 * read, its stored SHA-256 checked, decrypted with every GCM tag checked, decompressed and its plaintext SHA-256
 * checked) against `sha256sum` of the same stored object file, alternating, in one run. With a fifth argument
 * {@code stage-cpu}, instead of the comparison: <runs> verifications with the CPU time of every pipeline thread,
 * sampled every 20 ms (a stage's thread ends with its object, so its last sample is its total).
 *
 * Usage: VerifyBench <work dir> <plaintext MiB> <runs> <random|text|file=<path>> [stage-cpu]
 */
public class VerifyBench {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long bytes = Long.parseLong(args[1]) * 1024 * 1024;
        int runs = Integer.parseInt(args[2]);
        String kind = args[3];
        Files.createDirectories(work);
        Path keysFile = work.resolve("master-keys.json");
        Files.deleteIfExists(keysFile);
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(keysFile);
        FilesystemStorage storage = new FilesystemStorage(work.resolve("repo"));
        String id = "bench-" + (kind.startsWith("file=") ? "file" : kind);
        String objectKey = RepositoryLayout.objectKey("DATABASE_BASE", id, "base.tar");
        DataKey dataKey = DataKey.generate();
        long t0 = System.nanoTime();
        ManifestObject object = new ObjectWriter().write(storage, objectKey, source(bytes, kind), dataKey);
        String manifestKey = new ManifestStore(keys).write(storage, new Manifest(Manifest.FORMAT_VERSION, id,
                "DATABASE_BASE", "bench", Instant.now(), Instant.now(), List.of(object), Map.of(), Map.of())
                .withEncryption(dataKey.wrap(keys, id)));
        System.out.printf(Locale.ROOT, "wrote %s: plaintext %d bytes, stored %d bytes in %.1f s%n", kind,
                object.plainBytes(), object.storedBytes(), (System.nanoTime() - t0) / 1e9);
        Path stored = work.resolve("repo").resolve(objectKey);
        CopyVerifier verifier = new CopyVerifier(new ManifestStore(keys), keys, Clock.systemUTC());

        // warm-up: JIT (crypto intrinsics, zstd) and the page cache for both contenders
        for (int i = 0; i < 2; i++) {
            verify(verifier, storage, id, manifestKey);
            sha256sum(stored);
        }
        if (args.length > 4 && args[4].equals("stage-cpu")) {
            for (int i = 0; i < runs; i++) {
                stageCpu(() -> verify(verifier, storage, id, manifestKey), i);
            }
            return;
        }
        List<Double> lifeboat = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                lifeboat.add(verify(verifier, storage, id, manifestKey));
                baseline.add(sha256sum(stored));
            } else {
                baseline.add(sha256sum(stored));
                lifeboat.add(verify(verifier, storage, id, manifestKey));
            }
        }
        double l = median(lifeboat);
        double b = median(baseline);
        System.out.printf(Locale.ROOT, "runs: lifeboat %s s, sha256sum %s s%n", lifeboat, baseline);
        System.out.printf(Locale.ROOT, "RESULT kind=%s plain=%d stored=%d lifeboat_median_s=%.3f "
                        + "sha256sum_median_s=%.3f ratio=%.2f lifeboat_stored_MBps=%.0f lifeboat_plain_MBps=%.0f "
                        + "sha256sum_MBps=%.0f%n", kind, object.plainBytes(), object.storedBytes(), l, b, l / b,
                object.storedBytes() / l / 1e6, object.plainBytes() / l / 1e6, object.storedBytes() / b / 1e6);
    }

    static double verify(CopyVerifier verifier, FilesystemStorage storage, String id, String manifestKey) {
        long t = System.nanoTime();
        CopyReport report = verifier.verify(id, "bench", storage, manifestKey, null);
        double s = (System.nanoTime() - t) / 1e9;
        if (!report.passed()) {
            throw new IllegalStateException("verification did not pass: " + report);
        }
        return s;
    }

    /** Runs {@code verification} once, printing its wall time, the process's CPU and each pipeline thread's. */
    static void stageCpu(Runnable verification, int round) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Long, String> names = new ConcurrentHashMap<>();
        Map<Long, Long> cpu = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                    long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
                    if (nanos > 0) {
                        cpu.put(info.getThreadId(), nanos);
                        names.put(info.getThreadId(), info.getThreadName().replaceAll(" .*", ""));
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long callerBefore = threads.getCurrentThreadCpuTime();
        long processBefore = os.getProcessCpuTime();
        sampler.start();
        long t = System.nanoTime();
        verification.run();
        double wall = (System.nanoTime() - t) / 1e9;
        long processCpu = os.getProcessCpuTime() - processBefore;
        long callerCpu = threads.getCurrentThreadCpuTime() - callerBefore;
        done.set(true);
        sampler.join();
        Map<String, Long> stages = new TreeMap<>();
        cpu.forEach((tid, nanos) -> {
            if (names.get(tid).startsWith("object-")) {
                stages.merge(names.get(tid), nanos, Long::sum);
            }
        });
        StringBuilder line = new StringBuilder();
        stages.forEach((name, nanos) -> line.append(String.format(Locale.ROOT, ", %s %.3f s", name, nanos / 1e9)));
        System.out.printf(Locale.ROOT, "round %d: wall %.3f s, process CPU %.3f s, verifying thread %.3f s%s%n",
                round, wall, processCpu / 1e9, callerCpu / 1e9, line);
    }

    static double sha256sum(Path file) throws IOException, InterruptedException {
        long t = System.nanoTime();
        Process p = new ProcessBuilder("sha256sum", file.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sha256sum failed");
        }
        return (System.nanoTime() - t) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * {@code bytes} of random data (like compressed or encrypted table files), of CSV-like rows (compresses), or
     * ({@code file=<path>}, for instance a {@code pg_dump -Fc -Z0} of real data) a file's bytes, repeated as needed.
     */
    static InputStream source(long bytes, String kind) throws IOException {
        byte[] file = kind.startsWith("file=") ? Files.readAllBytes(Path.of(kind.substring("file=".length())))
                : null;
        Random random = new Random(42);
        return new InputStream() {
            long left = bytes;
            byte[] chunk = new byte[0];
            int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                if (pos == chunk.length) {
                    chunk = next();
                    pos = 0;
                }
                int n = (int) Math.min(Math.min(len, chunk.length - pos), left);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                left -= n;
                return n;
            }

            byte[] next() {
                if (file != null) {
                    return file;
                }
                if (kind.equals("random")) {
                    byte[] c = new byte[1 << 20];
                    random.nextBytes(c);
                    return c;
                }
                StringBuilder rows = new StringBuilder(1 << 20);
                while (rows.length() < (1 << 20) - 200) {
                    rows.append(random.nextInt(5000)).append(",call-").append(Long.toHexString(random.nextLong()))
                            .append(",").append(random.nextInt(3600)).append(",2026-0")
                            .append(1 + random.nextInt(9)).append("-1").append(random.nextInt(10))
                            .append(",").append(random.nextBoolean() ? "inbound" : "outbound").append('\n');
                }
                return rows.toString().getBytes(StandardCharsets.US_ASCII);
            }
        };
    }
}
