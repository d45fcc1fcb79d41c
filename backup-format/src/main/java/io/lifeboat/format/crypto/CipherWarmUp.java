package io.lifeboat.format.crypto;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the JDK's AES-GCM compiled before the first backup, restore or verification of a freshly started service needs
 * it. The JIT compiles the cipher (and so reaches its AES and carry-less multiply intrinsics) only after many calls;
 * with the 1 MiB segments of a data key that takes several hundred segments, which a fresh JVM encrypted and decrypted
 * 10 to 30 times slower than a warm one (bench/cipher-warm-up). A few thousand 4 KiB segments
 * under a throwaway key, the same primitive, take a fraction of a second of one core and get it compiled.
 */
public final class CipherWarmUp {

    static final int SEGMENT_BYTES = 4096;
    static final int SEGMENTS = 2000;
    private static final Logger log = LoggerFactory.getLogger(CipherWarmUp.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private CipherWarmUp() {
    }

    /** Starts the warm-up on a low-priority daemon thread, once per JVM; later calls do nothing. */
    public static void inBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            long started = System.nanoTime();
            try {
                long bytes = run();
                log.debug("AES-GCM warmed up with {} bytes in {} ms", bytes, (System.nanoTime() - started) / 1_000_000);
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                log.warn("AES-GCM warm-up failed (backups still work, the first ones more slowly): {}",
                        e.getMessage());
            }
        }, "cipher-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Whether {@link #inBackground} has started the warm-up in this JVM (the services do as they start). */
    public static boolean started() {
        return STARTED.get();
    }

    /**
     * Encrypts {@link #SEGMENTS} segments of {@link #SEGMENT_BYTES} under a throwaway key and decrypts them again;
     * returns the plaintext bytes that came back intact.
     *
     * @throws GeneralSecurityException if the round trip did not give the plaintext back
     */
    static long run() throws GeneralSecurityException, IOException {
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        AesGcmHkdfStreaming cipher = new AesGcmHkdfStreaming(key, "HmacSha256", 32, SEGMENT_BYTES, 0);
        byte[] plaintext = new byte[SEGMENT_BYTES * SEGMENTS - 1000];
        random.nextBytes(plaintext);
        byte[] associatedData = "lifeboat/cipher-warm-up".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream(plaintext.length + SEGMENTS * 16 + 64);
        try (OutputStream out = cipher.newEncryptingStream(ciphertext, associatedData)) {
            out.write(plaintext);
        }
        byte[] decrypted;
        try (InputStream in = cipher.newDecryptingStream(new ByteArrayInputStream(ciphertext.toByteArray()),
                associatedData)) {
            decrypted = in.readAllBytes();
        }
        if (!Arrays.equals(decrypted, plaintext)) {
            throw new GeneralSecurityException("AES-GCM warm-up did not decrypt to its plaintext");
        }
        return decrypted.length;
    }
}
