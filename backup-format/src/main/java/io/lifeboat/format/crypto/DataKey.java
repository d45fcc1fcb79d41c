package io.lifeboat.format.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A backup's data key: a Tink StreamingAead keyset ({@code AES256_GCM_HKDF_1MB}, one key). It encrypts each object
 * as a stream of 1 MiB segments, each authenticated by its GCM tag, with the object's key as associated data so an
 * object cannot be swapped for another. It is stored only wrapped by a master key ({@link #wrap}).
 */
public final class DataKey {

    /** Name of the cipher in manifests' codec lists. */
    public static final String ALGORITHM = "aes256-gcm-hkdf-1mb";

    private static final byte[] WRAP_CONTEXT = "lifeboat/data-key/v1/".getBytes(StandardCharsets.UTF_8);

    private final KeysetHandle keyset;
    private final StreamingAead aead;

    private DataKey(KeysetHandle keyset) throws GeneralSecurityException {
        this.keyset = keyset;
        // the keyset holds exactly one key: its primitive is used directly, since the keyset's own wrapper (made to try
        // several keys) reads the ciphertext through one more buffer; the ciphertext format is the same
        this.aead = AesGcmHkdfStreaming.create((AesGcmHkdfStreamingKey) keyset.getPrimary().getKey());
    }

    /** A fresh random data key. */
    public static DataKey generate() {
        TinkRegistration.configuration();
        try {
            return new DataKey(KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unable to generate an " + ALGORITHM + " data key", e);
        }
    }

    /** Wraps this key with the provider's current master key, bound to {@code backupId}. */
    public WrappedDataKey wrap(MasterKeyProvider masterKeys, String backupId) {
        return wrap(masterKeys, masterKeys.currentKeyId(), backupId);
    }

    /** Wraps this key with master key {@code masterKeyId}, bound to {@code backupId}. */
    public WrappedDataKey wrap(MasterKeyProvider masterKeys, String masterKeyId, String backupId) {
        byte[] plain = serialize();
        try {
            return WrappedDataKey.of(masterKeyId, masterKeys.wrap(masterKeyId, plain, context(backupId)));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Unwraps the data key of backup {@code backupId}.
     *
     * @throws MasterKeyException if the master key is unknown, refuses the wrapped bytes (wrong key, altered bytes,
     *                            another backup's key) or what it yields is not a data key
     */
    public static DataKey unwrap(WrappedDataKey wrapped, MasterKeyProvider masterKeys, String backupId) {
        Objects.requireNonNull(wrapped, "wrapped");
        byte[] plain = masterKeys.unwrap(wrapped.masterKeyId(), wrapped.wrappedBytes(), context(backupId));
        TinkRegistration.configuration();
        try {
            KeysetHandle keyset = TinkProtoKeysetFormat.parseKeyset(plain, InsecureSecretKeyAccess.get());
            if (keyset.size() != 1 || !PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB
                    .equals(keyset.getPrimary().getKey().getParameters())) {
                throw new GeneralSecurityException("unexpected key parameters");
            }
            return new DataKey(keyset);
        } catch (GeneralSecurityException e) {
            // no cause: parser messages may quote what they parsed
            throw new MasterKeyException(MasterKeyException.Reason.ALTERED, "data key of backup '" + backupId
                    + "' unwrapped by master key '" + wrapped.masterKeyId() + "' is not an " + ALGORITHM + " key",
                    null);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Wraps {@code ciphertext} so that what is written to the result is encrypted into it; close the result. */
    public OutputStream encryptingStream(OutputStream ciphertext, byte[] associatedData) throws IOException {
        try {
            return aead.newEncryptingStream(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IOException("unable to start " + ALGORITHM + " encryption", e);
        }
    }

    /**
     * Decrypts {@code ciphertext} while it is read; each segment's tag is checked before its plaintext is returned,
     * and truncation is an error at the end. Failures are {@link IOException}s.
     */
    public InputStream decryptingStream(InputStream ciphertext, byte[] associatedData) throws IOException {
        try {
            return aead.newDecryptingStream(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IOException("unable to start " + ALGORITHM + " decryption", e);
        }
    }

    byte[] serialize() {
        try {
            return TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unable to serialize a data key", e);
        }
    }

    private static byte[] context(String backupId) {
        Objects.requireNonNull(backupId, "backupId");
        byte[] id = backupId.getBytes(StandardCharsets.UTF_8);
        byte[] context = Arrays.copyOf(WRAP_CONTEXT, WRAP_CONTEXT.length + id.length);
        System.arraycopy(id, 0, context, WRAP_CONTEXT.length, id.length);
        return context;
    }

    @Override
    public String toString() {
        return "DataKey[" + ALGORITHM + ", key material redacted]";
    }
}
