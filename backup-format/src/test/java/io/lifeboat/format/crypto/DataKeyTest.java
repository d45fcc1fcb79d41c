package io.lifeboat.format.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.lifeboat.format.crypto.MasterKeyException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataKeyTest {

    private static final byte[] AD = "backups/x/b-1/data/base.tar".getBytes(UTF_8);

    @TempDir
    Path temp;

    @Test
    void unwrappedKeyDecryptsWhatTheOriginalEncrypted() throws IOException {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(temp.resolve("k.json"));
        DataKey original = DataKey.generate();
        byte[] ciphertext = encrypt(original, "hello".getBytes(UTF_8), AD);

        WrappedDataKey wrapped = original.wrap(keys, "b-1");
        DataKey unwrapped = DataKey.unwrap(wrapped, keys, "b-1");

        assertThat(wrapped.masterKeyId()).isEqualTo("mk-1");
        assertThat(decrypt(unwrapped, ciphertext, AD)).isEqualTo("hello".getBytes(UTF_8));
    }

    @Test
    void wrappedKeyIsBoundToItsBackup() {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(temp.resolve("k.json"));
        WrappedDataKey wrapped = DataKey.generate().wrap(keys, "b-1");

        assertThatThrownBy(() -> DataKey.unwrap(wrapped, keys, "b-2"))
                .isInstanceOfSatisfying(MasterKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ALTERED));
    }

    @Test
    void eachKeyIsFreshAndAssociatedDataIsChecked() throws IOException {
        DataKey one = DataKey.generate();
        DataKey two = DataKey.generate();
        byte[] ciphertext = encrypt(one, "hello".getBytes(UTF_8), AD);

        assertThatThrownBy(() -> decrypt(two, ciphertext, AD)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decrypt(one, ciphertext, "another/key".getBytes(UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void ciphertextIsTheKeysetsOwnFormatBothWays() throws IOException, GeneralSecurityException {
        // objects written before DataKey used the key's primitive directly went through the keyset's wrapper
        DataKey key = DataKey.generate();
        StreamingAead keysetPrimitive = TinkProtoKeysetFormat.parseKeyset(key.serialize(),
                InsecureSecretKeyAccess.get()).getPrimitive(TinkRegistration.configuration(), StreamingAead.class);
        byte[] plaintext = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(plaintext);

        ByteArrayOutputStream byWrapper = new ByteArrayOutputStream();
        try (OutputStream encrypting = keysetPrimitive.newEncryptingStream(byWrapper, AD)) {
            encrypting.write(plaintext);
        }
        byte[] byDataKey = encrypt(key, plaintext, AD);

        assertThat(decrypt(key, byWrapper.toByteArray(), AD)).isEqualTo(plaintext);
        try (InputStream in = keysetPrimitive.newDecryptingStream(new ByteArrayInputStream(byDataKey), AD)) {
            assertThat(in.readAllBytes()).isEqualTo(plaintext);
        }
        byte[] truncated = Arrays.copyOf(byDataKey, 1024 * 1024);
        assertThatThrownBy(() -> decrypt(key, truncated, AD)).isInstanceOf(IOException.class);
    }

    static byte[] encrypt(DataKey key, byte[] plaintext, byte[] ad) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = key.encryptingStream(out, ad)) {
            encrypting.write(plaintext);
        }
        return out.toByteArray();
    }

    static byte[] decrypt(DataKey key, byte[] ciphertext, byte[] ad) throws IOException {
        try (InputStream in = key.decryptingStream(new ByteArrayInputStream(ciphertext), ad)) {
            return in.readAllBytes();
        }
    }
}
