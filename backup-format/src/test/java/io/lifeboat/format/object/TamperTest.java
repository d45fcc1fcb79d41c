package io.lifeboat.format.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a stored backup can be damaged ends in its own outcome. Objects here are below
 * {@link VerifyingInputStream#PIPELINE_MIN_STORED_BYTES} (decoded on the caller's thread);
 * {@link PipelinedTamperTest} runs the same cases on objects decoded in stages on their own threads.
 */
class TamperTest {

    /** Plaintext size of each object of the backup. */
    long size() {
        return 3L * 1024 * 1024 + 12345;
    }

    @TempDir
    Path temp;

    private Storage storage;
    private LocalKeysetMasterKeys keys;
    private ManifestStore manifests;
    private DataKey dataKey;
    private ManifestObject base;
    private ManifestObject wal;
    private String manifestKey;

    @BeforeEach
    void writeABackup() throws IOException {
        storage = new FilesystemStorage(temp.resolve("repo"));
        keys = LocalKeysetMasterKeys.createFile(temp.resolve("master-keys.json"));
        manifests = new ManifestStore(keys);
        dataKey = DataKey.generate();
        ObjectWriter writer = new ObjectWriter();
        base = writer.write(storage, RepositoryLayout.objectKey("BASE_BACKUP", "b-1", "base.tar"),
                new GeneratedInputStream(size(), 1), dataKey);
        wal = writer.write(storage, RepositoryLayout.objectKey("BASE_BACKUP", "b-1", "wal.tar"),
                new GeneratedInputStream(size(), 2), dataKey);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "b-1", "BASE_BACKUP", "appdb",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:10:00Z"), List.of(base, wal),
                Map.of("timeline", "1"), Map.of()).withEncryption(dataKey.wrap(keys, "b-1"));
        manifestKey = manifests.write(storage, manifest);
        assertThat(base.storedBytes() >= VerifyingInputStream.PIPELINE_MIN_STORED_BYTES).isEqualTo(pipelined());
    }

    boolean pipelined() {
        return false;
    }

    @Test
    void intactBackupVerifies() {
        Manifest manifest = manifests.read(storage, manifestKey);

        assertThat(ObjectVerifier.verify(storage, manifest, keys)).extracting(VerificationResult::outcome)
                .containsExactly(VerificationOutcome.VALID, VerificationOutcome.VALID);
    }

    @Test
    void oneFlippedBitIsCorrupt() throws IOException {
        flipBit(base.key(), base.storedBytes() / 2);

        assertReadFails(base, dataKey, VerificationOutcome.CORRUPT, "stored sha-256 of '" + base.key() + "'");
        assertThat(ObjectVerifier.verify(storage, base, dataKey).outcome()).isEqualTo(VerificationOutcome.CORRUPT);
        assertThat(ObjectVerifier.verifyStored(storage, base).outcome()).isEqualTo(VerificationOutcome.CORRUPT);
        assertThat(ObjectVerifier.verify(storage, wal, dataKey).outcome()).isEqualTo(VerificationOutcome.VALID);
    }

    @Test
    void flippedBitInTheLastByteIsCorrupt() throws IOException {
        flipBit(base.key(), base.storedBytes() - 1);

        assertReadFails(base, dataKey, VerificationOutcome.CORRUPT, "stored sha-256");
    }

    @Test
    void truncatedObjectIsCorrupt() throws IOException {
        Path file = file(base.key());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));

        assertReadFails(base, dataKey, VerificationOutcome.CORRUPT, "stored size of '" + base.key() + "'");
        assertThat(ObjectVerifier.verifyStored(storage, base).detail()).contains("stored size");
    }

    @Test
    void objectTruncatedAtASegmentBoundaryIsCorrupt() throws IOException {
        Path file = file(base.key());
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 1024 * 1024));

        assertReadFails(base, dataKey, VerificationOutcome.CORRUPT, "stored size");
    }

    @Test
    void deletedObjectIsMissing() {
        storage.delete(base.key());

        assertThatThrownBy(() -> ObjectReader.open(storage, base, dataKey))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.outcome()).isEqualTo(VerificationOutcome.MISSING))
                .hasMessageContaining("'" + base.key() + "'");
        assertThat(ObjectVerifier.verify(storage, manifests.read(storage, manifestKey), keys))
                .extracting(VerificationResult::outcome)
                .containsExactly(VerificationOutcome.MISSING, VerificationOutcome.VALID);
    }

    @Test
    void anotherDataKeyIsKeyUnavailableNotCorrupt() {
        assertReadFails(base, DataKey.generate(), VerificationOutcome.KEY_UNAVAILABLE, "do not decrypt");
        assertThatThrownBy(() -> ObjectReader.open(storage, base, null))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.outcome()).isEqualTo(VerificationOutcome.KEY_UNAVAILABLE));
    }

    @Test
    void wrongMasterKeyIsKeyUnavailable() {
        LocalKeysetMasterKeys otherKeys = LocalKeysetMasterKeys.createFile(temp.resolve("other-keys.json"));
        Manifest manifest = manifests.read(storage, manifestKey);

        assertThatThrownBy(() -> new ManifestStore(otherKeys).read(storage, manifestKey))
                .isInstanceOfSatisfying(ManifestException.class,
                        e -> assertThat(e.kind()).isEqualTo(ManifestException.Kind.KEY_UNAVAILABLE))
                .hasMessageContaining("'mk-1'");
        assertThatThrownBy(() -> new ManifestStore(otherKeys).dataKey(manifest))
                .isInstanceOfSatisfying(ManifestException.class,
                        e -> assertThat(e.kind()).isEqualTo(ManifestException.Kind.KEY_UNAVAILABLE));
        List<VerificationResult> results = ObjectVerifier.verify(storage, manifest, otherKeys);
        assertThat(results).extracting(VerificationResult::outcome)
                .containsExactly(VerificationOutcome.KEY_UNAVAILABLE, VerificationOutcome.KEY_UNAVAILABLE);
        assertThat(results.get(0).storedBytes()).isEqualTo(base.storedBytes());
    }

    @Test
    void objectSwappedForAnotherOfTheSameBackupIsCorrupt() throws IOException {
        Files.copy(file(wal.key()), file(base.key()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertReadFails(base, dataKey, VerificationOutcome.CORRUPT, "stored");
    }

    @Test
    void objectMovedToAnotherKeyDoesNotDecryptThere() throws IOException {
        // even with a manifest entry that matches the moved bytes, the key is bound into the ciphertext
        Files.copy(file(wal.key()), file(base.key()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ManifestObject forged = new ManifestObject(base.key(), wal.plainBytes(), wal.plainSha256(),
                wal.storedBytes(), wal.storedSha256(), wal.codecs());

        assertReadFails(forged, dataKey, VerificationOutcome.KEY_UNAVAILABLE, "do not decrypt");
    }

    @Test
    void plaintextMismatchIsReportedAtTheEndAfterThePlaintext() throws IOException {
        ManifestObject wrongPlainSha = new ManifestObject(base.key(), base.plainBytes(), "00".repeat(32),
                base.storedBytes(), base.storedSha256(), base.codecs());
        long delivered = 0;
        byte[] buffer = new byte[8192];

        try (InputStream in = ObjectReader.open(storage, wrongPlainSha, dataKey)) {
            VerificationException failure = null;
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    delivered += n;
                }
            } catch (VerificationException e) {
                failure = e;
            }
            assertThat(failure).isNotNull();
            assertThat(failure.outcome()).isEqualTo(VerificationOutcome.CORRUPT);
            assertThat(failure.getMessage()).contains("plaintext sha-256 of '" + base.key() + "'");
            assertThatThrownBy(() -> in.read(buffer)).isSameAs(failure);
        }
        assertThat(delivered).isEqualTo(size());
    }

    @Test
    void tamperedManifestIsInvalid() throws IOException {
        String sealed = new String(storage.open(manifestKey).readAllBytes());
        String body = new String(java.util.Base64.getDecoder().decode(field(sealed, "manifest")));
        String editedSize = body.replace("\"plainBytes\" : " + base.plainBytes(),
                "\"plainBytes\" : " + (base.plainBytes() + 1));
        String swappedSha = body.replace(base.storedSha256(), "X").replace(wal.storedSha256(), base.storedSha256())
                .replace("X", wal.storedSha256());
        assertThat(editedSize).isNotEqualTo(body);
        assertThat(swappedSha).isNotEqualTo(body);

        for (String edited : List.of(editedSize, swappedSha)) {
            storage.put(manifestKey, new ByteArrayInputStream(sealed.replace(field(sealed, "manifest"),
                    java.util.Base64.getEncoder().encodeToString(edited.getBytes())).getBytes()));

            assertThatThrownBy(() -> manifests.read(storage, manifestKey))
                    .isInstanceOfSatisfying(ManifestException.class,
                            e -> assertThat(e.kind()).isEqualTo(ManifestException.Kind.MANIFEST_INVALID))
                    .hasMessageContaining("'" + manifestKey + "'").hasMessageContaining("altered");
        }
    }

    private void assertReadFails(ManifestObject object, DataKey key, VerificationOutcome outcome, String detail) {
        assertThatThrownBy(() -> {
            try (InputStream in = ObjectReader.open(storage, object, key)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.outcome()).isEqualTo(outcome);
            assertThat(e.key()).isEqualTo(object.key());
            assertThat(e.getMessage()).contains(detail).contains(storage.describe());
        });
        VerificationResult result = ObjectVerifier.verify(storage, object, key);
        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.detail()).contains(detail);
    }

    private void flipBit(String key, long offset) throws IOException {
        Path file = file(key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x10;
        Files.write(file, bytes);
    }

    private Path file(String key) {
        return temp.resolve("repo").resolve(key);
    }

    private static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\" : \"") + name.length() + 6;
        return json.substring(start, json.indexOf('"', start));
    }
}
