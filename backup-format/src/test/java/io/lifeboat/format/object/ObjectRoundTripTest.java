package io.lifeboat.format.object;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.fixtures.ForwardingStorage;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectRoundTripTest {

    private static final String KEY = "backups/base-backup/b-1/data/base.tar";

    @TempDir
    Path temp;

    private Storage storage;
    private final DataKey dataKey = DataKey.generate();
    private final ObjectWriter writer = new ObjectWriter();

    @BeforeEach
    void createStorage() {
        storage = new FilesystemStorage(temp);
    }

    @Test
    void smallObjectRoundTripsAndItsManifestEntryDescribesBothSides() throws IOException {
        byte[] plaintext = "hello, lifeboat".getBytes(UTF_8);

        ManifestObject object = writer.write(storage, KEY, new ByteArrayInputStream(plaintext), dataKey);

        assertThat(object.key()).isEqualTo(KEY);
        assertThat(object.codecs()).containsExactly("zstd", "aes256-gcm-hkdf-1mb");
        assertThat(object.plainBytes()).isEqualTo(plaintext.length);
        assertThat(object.plainSha256()).isEqualTo(sha256(plaintext));
        assertThat(object.storedBytes()).isEqualTo(storage.size(KEY));
        assertThat(object.storedSha256()).isEqualTo(DigestingInputStream.drain(storage.open(KEY)).sha256());
        assertThat(read(object)).isEqualTo(plaintext);
    }

    @Test
    void emptyObjectRoundTrips() throws IOException {
        ManifestObject object = writer.write(storage, KEY, InputStream.nullInputStream(), dataKey);

        assertThat(object.plainBytes()).isZero();
        assertThat(object.storedBytes()).isPositive();
        assertThat(read(object)).isEmpty();
        assertThat(ObjectVerifier.verify(storage, object, dataKey).outcome()).isEqualTo(VerificationOutcome.VALID);
    }

    @Test
    void fiftyMegabytesStreamThroughAndVerify() throws IOException {
        long size = 50L * 1024 * 1024;

        ManifestObject object = writer.write(storage, KEY, new GeneratedInputStream(size, 9), dataKey);

        assertThat(object.plainBytes()).isEqualTo(size);
        assertThat(object.plainSha256()).isEqualTo(GeneratedInputStream.sha256(size, 9));
        assertThat(object.storedBytes()).isLessThan(size);
        try (InputStream in = ObjectReader.open(storage, object, dataKey)) {
            assertThat(DigestingInputStream.drain(in)).isEqualTo(
                    new DigestingInputStream.Digest(size, GeneratedInputStream.sha256(size, 9)));
        }
        VerificationResult result = ObjectVerifier.verify(storage, object, dataKey);
        assertThat(result.outcome()).isEqualTo(VerificationOutcome.VALID);
        assertThat(result.storedBytes()).isEqualTo(object.storedBytes());
        assertThat(result.plainBytes()).isEqualTo(size);
        assertThat(ObjectVerifier.verifyStored(storage, object).outcome()).isEqualTo(VerificationOutcome.VALID);
    }

    /** Backups stored before objects were written in frames (one streaming zstd frame) stay readable. */
    @Test
    void anObjectWrittenAsOneStreamingZstdFrameStillReadsAndVerifies() throws IOException {
        long size = 6L * 1024 * 1024 + 7; // pipelined on the way back
        byte[] plaintext = new GeneratedInputStream(size, 4).readAllBytes();
        java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
        try (com.github.luben.zstd.ZstdOutputStream zstd = new com.github.luben.zstd.ZstdOutputStream(
                dataKey.encryptingStream(stored, ObjectWriter.associatedData(KEY)), 3)) {
            zstd.setChecksum(true);
            zstd.write(plaintext);
        }
        storage.put(KEY, new ByteArrayInputStream(stored.toByteArray()));
        ManifestObject object = new ManifestObject(KEY, size, sha256(plaintext), stored.size(),
                sha256(stored.toByteArray()), ObjectWriter.CODECS);

        assertThat(read(object)).isEqualTo(plaintext);
        assertThat(ObjectVerifier.verify(storage, object, dataKey).outcome()).isEqualTo(VerificationOutcome.VALID);
    }

    @Test
    void compressionLevelIsConfigurable() throws IOException {
        ManifestObject fast = new ObjectWriter(1).write(storage, "fast", new GeneratedInputStream(4_000_000, 3),
                dataKey);
        ManifestObject small = new ObjectWriter(19).write(storage, "small", new GeneratedInputStream(4_000_000, 3),
                dataKey);

        assertThat(small.storedBytes()).isLessThan(fast.storedBytes());
        assertThat(fast.plainSha256()).isEqualTo(small.plainSha256());
        assertThatThrownBy(() -> new ObjectWriter(99)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * zstd alone already hides text (its literals are Huffman-coded), so the plaintext is mostly random bytes, which
     * zstd stores verbatim: only the encryption keeps them off storage.
     */
    @Test
    void storedBytesContainNoPlaintext() throws IOException {
        byte[] random = new byte[256 * 1024];
        new java.util.Random(5).nextBytes(random);
        byte[] text = "customer 17 alice@example.com card 4111-1111\n".repeat(100).getBytes(UTF_8);
        byte[] plaintext = java.util.Arrays.copyOf(random, random.length + text.length);
        System.arraycopy(text, 0, plaintext, random.length, text.length);

        writer.write(storage, KEY, new ByteArrayInputStream(plaintext), dataKey);

        String stored = new String(storage.open(KEY).readAllBytes(), ISO_8859_1);
        String plain = new String(plaintext, ISO_8859_1);
        for (int offset = 0; offset + 16 <= random.length; offset += 4096) {
            assertThat(stored).doesNotContain(plain.substring(offset, offset + 16));
        }
        assertThat(stored).doesNotContain("customer").doesNotContain("@example.com");
    }

    @Test
    void aFailingSourceFailsTheWriteWithItsOwnErrorAndStoresNothing() {
        InputStream broken = new FilterInputStream(new GeneratedInputStream(30_000_000, 4)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 5_000_000) {
                    throw new IOException("pg_dump exited with 1");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> writer.write(storage, KEY, broken, dataKey))
                .isInstanceOf(IOException.class).hasMessage("pg_dump exited with 1")
                .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(StorageException.class));
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void aStorageThatFailsMidWayFailsTheWriteWithoutHanging() {
        Storage dying = new ForwardingStorage(storage) {
            @Override
            public long put(String key, InputStream data) {
                try {
                    data.readNBytes(3_000_000);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                throw new StorageException(StorageException.Reason.UNAVAILABLE, "connection reset writing '" + key
                        + "' to " + describe(), null);
            }
        };

        assertThatThrownBy(() -> writer.write(dying, KEY, new GeneratedInputStream(100_000_000, 5), dataKey))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(StorageException.Reason.UNAVAILABLE))
                .hasMessageContaining("connection reset");
    }

    @Test
    void aStorageThatStopsReadingEarlyIsNotTakenForAWholeObject() {
        Storage lazy = new ForwardingStorage(storage) {
            @Override
            public long put(String key, InputStream data) {
                try {
                    return super.put(key, new ByteArrayInputStream(data.readNBytes(1_000_000)));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };

        assertThatThrownBy(() -> writer.write(lazy, KEY, new GeneratedInputStream(20_000_000, 6), dataKey))
                .isInstanceOf(StorageException.class).hasMessageContaining("stopped before their end");
    }

    /**
     * An object large enough to be read ahead on a thread of its own, that cannot be opened (no data key, a codec
     * nobody knows): the open fails after that thread started, and must stop it, or the thread fills its buffers and
     * waits for a reader forever. The storage's streams are in memory, so closing one does not end a read of it (as
     * closing a file does, by chance, when it comes before the thread has filled its buffers).
     */
    @Test
    void aLargeObjectThatCannotBeOpenedLeavesNoReadAheadThread() throws IOException {
        ManifestObject object = writer.write(storage, KEY, new GeneratedInputStream(12_000_000, 8), dataKey);
        assertThat(object.storedBytes()).isGreaterThanOrEqualTo(VerifyingInputStream.PIPELINE_MIN_STORED_BYTES);
        ManifestObject unknownCodec = new ManifestObject(KEY, object.plainBytes(), object.plainSha256(),
                object.storedBytes(), object.storedSha256(), List.of("rot13", "aes256-gcm-hkdf-1mb"));
        Storage inMemory = new ForwardingStorage(storage) {
            @Override
            public InputStream open(String key) {
                try (InputStream in = super.open(key)) {
                    return new ByteArrayInputStream(in.readAllBytes());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };

        assertThatThrownBy(() -> ObjectReader.open(inMemory, object, null))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.outcome()).isEqualTo(VerificationOutcome.KEY_UNAVAILABLE));
        assertThatThrownBy(() -> ObjectReader.open(inMemory, unknownCodec, dataKey))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.outcome()).isEqualTo(VerificationOutcome.CORRUPT));

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive).extracting(Thread::getName)
                .doesNotContain("object-read " + KEY);
    }

    private byte[] read(ManifestObject object) throws IOException {
        try (InputStream in = ObjectReader.open(storage, object, dataKey)) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
