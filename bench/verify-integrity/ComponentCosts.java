import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;

/**
 * What verifying a compressible backup costs per step on this machine, each step alone on one core: zstd
 * decompression of 1 GiB of CSV-like text and SHA-256 of that GiB. Explains the floor of the "text" case of
 * VerifyBench (see bench/results/verify-integrity.md).
 *
 * Usage: java -Xmx3g -cp <zstd-jni jar> ComponentCosts.java
 */
public class ComponentCosts {

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
        byte[] chunk = raw.toByteArray();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(compressed, 3)) {
            z.setChecksum(true);
            for (int i = 0; i < 16; i++) {
                z.write(chunk);
            }
        }
        byte[] c = compressed.toByteArray();
        System.out.printf("plaintext %d bytes, zstd level 3 %d bytes%n", 16L * chunk.length, c.length);
        byte[] buffer = new byte[256 * 1024];
        for (int round = 0; round < 4; round++) {
            long t = System.nanoTime();
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(c))) {
                while (in.read(buffer) >= 0) {
                    // decompressing is the work
                }
            }
            double zstd = (System.nanoTime() - t) / 1e9;
            t = System.nanoTime();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 16; i++) {
                sha.update(chunk);
            }
            sha.digest();
            double sha256 = (System.nanoTime() - t) / 1e9;
            System.out.printf("round %d: zstd decompress 1 GiB %.3f s, SHA-256 of 1 GiB %.3f s%n", round, zstd,
                    sha256);
        }
    }
}
