package io.lifeboat.format.object;

import com.github.luben.zstd.Zstd;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.EncodingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Writes one object: plaintext -> zstd -> AES-256-GCM (the backup's {@link DataKey}, the object's key as associated
 * data) -> SHA-256 -> {@link Storage#put}, in constant memory and on the caller's thread, and describes it as a
 * {@link ManifestObject}. Thread-safe; one instance can write many objects at once.
 */
public final class ObjectWriter {

    public static final int DEFAULT_COMPRESSION_LEVEL = 3;
    /** Codec list of every object this writer stores. */
    public static final List<String> CODECS = List.of(Codec.ZSTD.id(), Codec.AES256_GCM_HKDF_1MB.id());

    private static final byte[] AD_PREFIX = "lifeboat/object/v1/".getBytes(StandardCharsets.UTF_8);

    private final int compressionLevel;

    /** A writer compressing at zstd level {@value #DEFAULT_COMPRESSION_LEVEL}. */
    public ObjectWriter() {
        this(DEFAULT_COMPRESSION_LEVEL);
    }

    /** A writer compressing at {@code compressionLevel} (zstd's levels: negative for speed, up to 22). */
    public ObjectWriter(int compressionLevel) {
        if (compressionLevel < Zstd.minCompressionLevel() || compressionLevel > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd compression level " + compressionLevel + " is outside ["
                    + Zstd.minCompressionLevel() + ", " + Zstd.maxCompressionLevel() + "]");
        }
        this.compressionLevel = compressionLevel;
    }

    public int compressionLevel() {
        return compressionLevel;
    }

    /**
     * Stores everything {@code plaintext} yields under {@code key}, compressed and encrypted with {@code dataKey}.
     * The put is atomic, so a failure leaves no object (or the previous one) under the key. {@code plaintext} is
     * read to its end but not closed.
     *
     * @return the object's manifest entry: plain and stored sizes and SHA-256s, codecs {@link #CODECS}
     * @throws IOException      if reading {@code plaintext} failed (the storage's failure is attached as
     *                          suppressed)
     * @throws StorageException if the location failed
     */
    public ManifestObject write(Storage storage, String key, InputStream plaintext, DataKey dataKey)
            throws IOException {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dataKey, "dataKey");
        DigestingInputStream plain = new DigestingInputStream(Objects.requireNonNull(plaintext, "plaintext"));
        byte[] associatedData = associatedData(key);
        try (EncodingInputStream encoded = new EncodingInputStream(plain, sink -> {
            OutputStream encrypted = dataKey.encryptingStream(sink, associatedData);
            return new FramedZstdOutputStream(encrypted, compressionLevel);
        })) {
            DigestingInputStream stored = new DigestingInputStream(encoded);
            long written;
            try {
                written = storage.put(key, stored);
            } catch (RuntimeException e) {
                if (encoded.sourceFailed() && encoded.failure() instanceof IOException sourceFailure) {
                    sourceFailure.addSuppressed(e);
                    throw sourceFailure;
                }
                throw e;
            }
            // a driver that returns before the end would leave a truncated object that still decrypts up to there
            if (!encoded.isComplete() || written != stored.bytes()) {
                throw new StorageException(StorageException.Reason.UNAVAILABLE, "unable to write '" + key + "' to "
                        + storage.describe() + ": the location took " + written + " of the encoded bytes but read "
                        + stored.bytes() + (encoded.isComplete() ? "" : " and stopped before their end"), null);
            }
            return new ManifestObject(key, plain.bytes(), plain.sha256Hex(), stored.bytes(), stored.sha256Hex(),
                    CODECS);
        }
    }

    static byte[] associatedData(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] ad = new byte[AD_PREFIX.length + k.length];
        System.arraycopy(AD_PREFIX, 0, ad, 0, AD_PREFIX.length);
        System.arraycopy(k, 0, ad, AD_PREFIX.length, k.length);
        return ad;
    }
}
