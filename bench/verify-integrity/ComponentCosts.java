import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What verifying a compressible backup costs per step on this machine, each step alone on one core, for 1 GiB of
 * CSV-like text: zstd decompression as one streamed frame (how objects were written before frames) and as the 1 MiB
 * frames objects are written in now, each decompressed in one call; SHA-256 of the GiB read from memory, and of one
 * MiB that is already in the core's cache hashed 1024 times (how the verifying thread hashes: it copies each piece of
 * plaintext into its own buffer, then hashes it there). Explains the "text" case of VerifyBench (see
 * bench/results/verify-integrity.md).
 *
 * Usage: java -Xmx3g -cp <zstd-jni jar> ComponentCosts.java
 */
public class ComponentCosts {

    private static final int FRAME = 1024 * 1024;

    public static void main(String[] args) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        Random r = new Random(1);
        StringBuilder row = new StringBuilder();
        while (raw.size() < 64 << 20) {
            row.setLength(0);
            row.append(r.nextInt(1000000)).append(",tenant-").append(r.nextInt(500)).append(",agent ")
                    .append(r.nextInt(9999)).append(",call completed,").append(r.nextDouble()).append('\n');
            raw.write(row.toString().getBytes());
        }
        byte[] chunk = Arrays.copyOf(raw.toByteArray(), 64 << 20);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(compressed, 3)) {
            z.setChecksum(true);
            for (int i = 0; i < 16; i++) {
                z.write(chunk);
            }
        }
        byte[] streamed = compressed.toByteArray();
        List<byte[]> frames = new ArrayList<>();
        long framedBytes = 0;
        try (ZstdCompressCtx context = new ZstdCompressCtx().setLevel(3).setChecksum(true).setContentSize(true)) {
            for (int i = 0; i < 16; i++) {
                for (int offset = 0; offset < chunk.length; offset += FRAME) {
                    byte[] frame = context.compress(Arrays.copyOfRange(chunk, offset, offset + FRAME));
                    frames.add(frame);
                    framedBytes += frame.length;
                }
            }
        }
        System.out.printf("plaintext %d bytes; zstd level 3: one streamed frame %d bytes, 1 MiB frames %d bytes%n",
                16L * chunk.length, streamed.length, framedBytes);
        byte[] buffer = new byte[FRAME];
        for (int round = 0; round < 4; round++) {
            long t = System.nanoTime();
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(streamed))) {
                while (in.read(buffer) >= 0) {
                    // decompressing is the work
                }
            }
            double stream = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            try (ZstdDecompressCtx context = new ZstdDecompressCtx()) {
                for (byte[] frame : frames) {
                    context.decompressByteArray(buffer, 0, buffer.length, frame, 0, frame.length);
                }
            }
            double oneShot = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 16; i++) {
                for (int offset = 0; offset < chunk.length; offset += FRAME) {
                    sha.update(chunk, offset, FRAME);
                }
            }
            sha.digest();
            double sha1MiB = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            for (int i = 0; i < 1024; i++) {
                sha.update(chunk, 0, FRAME);
            }
            sha.digest();
            double shaCached = (System.nanoTime() - t) / 1e9;
            System.out.printf("round %d: zstd decompress 1 GiB streamed %.3f s, in 1 MiB frames %.3f s; SHA-256 of "
                    + "1 GiB from memory %.3f s, of one cached MiB 1024 times %.3f s%n", round, stream, oneShot,
                    sha1MiB, shaCached);
        }
    }
}
