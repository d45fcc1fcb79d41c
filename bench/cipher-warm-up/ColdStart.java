import io.lifeboat.format.crypto.CipherWarmUp;
import io.lifeboat.format.crypto.DataKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a freshly started JVM pays to encrypt and then decrypt its first <MiB> with a data key (1 MiB segments),
 * without ({@code cold}) or after ({@code warm}) {@link CipherWarmUp}, which runs first and is timed on its own. One
 * run per JVM: run.sh starts a new JVM for every run.
 *
 * Usage: ColdStart <cold|warm> <MiB>
 */
public class ColdStart {

    public static void main(String[] args) throws Exception {
        boolean warm = args[0].equals("warm");
        int mib = Integer.parseInt(args[1]);
        long t0 = System.nanoTime();
        if (warm) {
            CipherWarmUp.inBackground();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("cipher-warm-up")) {
                    t.join();
                }
            }
        }
        long t1 = System.nanoTime();
        DataKey key = DataKey.generate();
        byte[] associatedData = "bench/object".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[256 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + (i >>> 9));
        }
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream(mib * 1024 * 1024 + mib * 64 + 1024);
        long t2 = System.nanoTime();
        try (OutputStream out = key.encryptingStream(ciphertext, associatedData)) {
            for (int i = 0; i < mib * 4; i++) {
                out.write(chunk);
            }
        }
        long t3 = System.nanoTime();
        byte[] stored = ciphertext.toByteArray();
        ciphertext = null;
        long t4 = System.nanoTime();
        long plain = 0;
        try (InputStream in = key.decryptingStream(new ByteArrayInputStream(stored), associatedData)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                plain += n;
            }
        }
        long t5 = System.nanoTime();
        if (plain != (long) mib * 1024 * 1024) {
            throw new IllegalStateException("decrypted " + plain + " bytes, expected " + mib + " MiB");
        }
        System.out.printf(Locale.ROOT, "RESULT mode=%s mib=%d warmup_s=%.3f encrypt_s=%.3f decrypt_s=%.3f%n",
                args[0], mib, (t1 - t0) / 1e9, (t3 - t2) / 1e9, (t5 - t4) / 1e9);
    }
}
