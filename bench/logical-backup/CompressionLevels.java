import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@code lifeboat.backup.compression-level} trades: for each file given (a {@code pg_dump -Fc -Z0}, a
 * {@code pg_basebackup -Ft} tar, ...), compressed the way objects are written (independent frames of 1 MiB that
 * declare their size and carry a checksum) at levels 1 and 3, three rounds: the ratio, and compression and
 * decompression throughput (CPU time of this one thread).
 *
 * <p>Usage: {@code java -Xmx3g -cp <zstd-jni jar> bench/logical-backup/CompressionLevels.java <file>...}
 */
public class CompressionLevels {

    private static final int FRAME_BYTES = 1 << 20;

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String name : args) {
            byte[] data = Files.readAllBytes(Path.of(name));
            int frames = (data.length + FRAME_BYTES - 1) / FRAME_BYTES;
            byte[][] compressed = new byte[frames][];
            byte[] out = new byte[FRAME_BYTES];
            for (int round = 0; round < 3; round++) {
                for (int level : new int[] {1, 3}) {
                    ZstdCompressCtx compressor = new ZstdCompressCtx().setLevel(level).setChecksum(true)
                            .setContentSize(true);
                    long t0 = threads.getCurrentThreadCpuTime();
                    long stored = 0;
                    for (int i = 0; i < frames; i++) {
                        int from = i * FRAME_BYTES;
                        compressed[i] = compressor.compress(Arrays.copyOfRange(data, from,
                                Math.min(data.length, from + FRAME_BYTES)));
                        stored += compressed[i].length;
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    try (ZstdDecompressCtx decompressor = new ZstdDecompressCtx()) {
                        for (byte[] frame : compressed) {
                            decompressor.decompressByteArray(out, 0, out.length, frame, 0, frame.length);
                        }
                    }
                    long t2 = threads.getCurrentThreadCpuTime();
                    compressor.close();
                    System.out.printf(Locale.ROOT, "%s level %d: ratio %.3f, compression %.0f MB/s, decompression"
                                    + " %.0f MB/s%n", Path.of(name).getFileName(), level, (double) data.length / stored,
                            data.length / ((t1 - t0) / 1e3), data.length / ((t2 - t1) / 1e3));
                }
            }
        }
    }
}
