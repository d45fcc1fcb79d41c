import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectVerifier;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.object.VerificationOutcome;
import io.lifeboat.format.object.VerificationResult;
import io.lifeboat.format.storage.FilesystemStorage;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time per pipeline thread of one verification of 1 GiB of CSV-like text (the "text" case of VerifyBench):
 * backup-format's ObjectVerifier on a stored object, four rounds, with every thread's CPU time sampled every 20 ms
 * (a stage's thread ends with its object, so its last sample is its total).
 *
 * Usage: java -Xmx512m -cp <backup-format classes and runtime classpath> StageCpu.java <work dir>
 */
public class StageCpu {

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        FilesystemStorage storage = new FilesystemStorage(work.resolve("repo"));
        DataKey dataKey = DataKey.generate();
        ManifestObject object = new ObjectWriter().write(storage, "bench/text", text(1L << 30), dataKey);
        System.out.printf("plaintext %d bytes, stored %d bytes%n", object.plainBytes(), object.storedBytes());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < 4; round++) {
            Map<Long, String> names = new ConcurrentHashMap<>();
            Map<Long, Long> cpu = new ConcurrentHashMap<>();
            boolean[] done = {false};
            Thread sampler = new Thread(() -> {
                while (!done[0]) {
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
            long mainBefore = threads.getCurrentThreadCpuTime();
            long processBefore = os.getProcessCpuTime();
            sampler.start();
            long t = System.nanoTime();
            VerificationResult result = ObjectVerifier.verify(storage, object, dataKey);
            double wall = (System.nanoTime() - t) / 1e9;
            long processCpu = os.getProcessCpuTime() - processBefore;
            long mainCpu = threads.getCurrentThreadCpuTime() - mainBefore;
            done[0] = true;
            sampler.join();
            if (result.outcome() != VerificationOutcome.VALID) {
                throw new IllegalStateException("verification did not pass: " + result);
            }
            Map<String, Long> stages = new TreeMap<>();
            cpu.forEach((id, nanos) -> {
                if (names.get(id).startsWith("object-")) {
                    stages.merge(names.get(id), nanos, Long::sum);
                }
            });
            StringBuilder line = new StringBuilder();
            stages.forEach((name, nanos) -> line.append(String.format(", %s %.3f s", name, nanos / 1e9)));
            System.out.printf("round %d: wall %.3f s, process CPU %.3f s, verifying thread %.3f s%s%n", round, wall,
                    processCpu / 1e9, mainCpu / 1e9, line);
        }
    }

    /** CSV-like rows, as VerifyBench's "text" kind. */
    static InputStream text(long bytes) {
        Random random = new Random(42);
        return new InputStream() {
            long left = bytes;
            byte[] chunk = new byte[0];
            int position;

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
                if (position == chunk.length) {
                    StringBuilder rows = new StringBuilder();
                    while (rows.length() < 1 << 20) {
                        rows.append(random.nextInt(1000000)).append(",tenant-").append(random.nextInt(500))
                                .append(",agent ").append(random.nextInt(9999)).append(",call completed,")
                                .append(random.nextDouble()).append('\n');
                    }
                    chunk = rows.toString().getBytes();
                    position = 0;
                }
                int n = (int) Math.min(Math.min(len, chunk.length - position), left);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                left -= n;
                return n;
            }
        };
    }
}
