package io.lifeboat.format.manifest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.crypto.WrappedDataKey;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.ManifestException.Kind;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestStoreTest {

    @TempDir
    Path temp;

    private Storage storage;
    private LocalKeysetMasterKeys keys;
    private ManifestStore store;

    @BeforeEach
    void setUp() {
        storage = new FilesystemStorage(temp.resolve("repo"));
        keys = LocalKeysetMasterKeys.createFile(temp.resolve("keys.json"));
        store = new ManifestStore(keys);
    }

    static Manifest unencrypted(String backupId) {
        return new Manifest(Manifest.FORMAT_VERSION, backupId, "LOGICAL_DUMP", "appdb",
                Instant.parse("2025-03-01T02:00:00Z"), Instant.parse("2025-03-01T02:05:00Z"),
                List.of(new ManifestObject(RepositoryLayout.objectKey("LOGICAL_DUMP", backupId, "dump"), 10,
                        "aa".repeat(32), 12, "bb".repeat(32), List.of("zstd"))),
                Map.of("server_version", "15.4"), Map.of("public.orders", new TableFingerprint(42, "cc".repeat(32))));
    }

    @Test
    void encryptedManifestRoundTripsAtItsLayoutKey() {
        DataKey dataKey = DataKey.generate();
        Manifest manifest = unencrypted("b-1").withEncryption(dataKey.wrap(keys, "b-1"));

        String key = store.write(storage, manifest);

        assertThat(key).isEqualTo("backups/logical-dump/b-1/manifest.json");
        Manifest read = store.read(storage, key);
        assertThat(read).isEqualTo(manifest);
        assertThat(read.encryption().masterKeyId()).isEqualTo("mk-1");
        assertThat(store.dataKey(read)).isNotNull();
    }

    @Test
    void unencryptedManifestUsesTheOldConstructorAndRoundTrips() {
        Manifest manifest = unencrypted("b-2");

        assertThat(manifest.encryption()).isNull();
        assertThat(store.read(storage, store.write(storage, manifest))).isEqualTo(manifest);
        assertThat(new String(ManifestCodec.encode(manifest), UTF_8)).doesNotContain("encryption");
    }

    @Test
    void manifestJsonWithoutEncryptionStillDecodes() {
        String json = new String(ManifestCodec.encode(unencrypted("b-3")), UTF_8);

        assertThat(ManifestCodec.decode(json.getBytes(UTF_8), "test")).isEqualTo(unencrypted("b-3"));
        String withEncryption = new String(ManifestCodec.encode(
                unencrypted("b-3").withEncryption(new WrappedDataKey("mk-1", "AAAA"))), UTF_8);
        assertThat(withEncryption).contains("\"encryption\"").contains("\"masterKeyId\" : \"mk-1\"")
                .contains("\"wrappedDataKey\" : \"AAAA\"");
    }

    @Test
    void missingManifestIsMissing() {
        assertThatThrownBy(() -> store.read(storage, "backups/logical-dump/none/manifest.json"))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MISSING))
                .hasMessageContaining("'backups/logical-dump/none/manifest.json'");
    }

    @Test
    void plainManifestWithoutSealIsInvalid() {
        String key = RepositoryLayout.manifestKey("LOGICAL_DUMP", "b-4");
        storage.put(key, new ByteArrayInputStream(ManifestCodec.encode(unencrypted("b-4"))));

        assertThatThrownBy(() -> store.read(storage, key))
                .isInstanceOfSatisfying(ManifestException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MANIFEST_INVALID))
                .hasMessageContaining("is not a sealed manifest");
    }

    @Test
    void manifestCopiedOverAnotherBackupsManifestIsInvalid() throws IOException {
        String one = store.write(storage, unencrypted("b-5"));
        String other = store.write(storage, unencrypted("b-6"));

        storage.put(other, storage.open(one));

        assertThatThrownBy(() -> store.read(storage, other))
                .isInstanceOfSatisfying(ManifestException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.MANIFEST_INVALID))
                .hasMessageContaining("belongs to another manifest");
    }

    @Test
    void alteredMacIsInvalidAndUnknownSealKeyIsKeyUnavailable() throws IOException {
        String key = store.write(storage, unencrypted("b-7"));
        String sealed = new String(storage.open(key).readAllBytes(), UTF_8);
        String mac = sealed.replaceAll("(?s).*\"mac\" : \"([^\"]+)\".*", "$1");
        byte[] macBytes = Base64.getDecoder().decode(mac);
        macBytes[0] ^= 1;

        storage.put(key, new ByteArrayInputStream(
                sealed.replace(mac, Base64.getEncoder().encodeToString(macBytes)).getBytes(UTF_8)));
        assertThatThrownBy(() -> store.read(storage, key)).isInstanceOfSatisfying(ManifestException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.MANIFEST_INVALID));

        storage.put(key, new ByteArrayInputStream(sealed.replace("\"masterKeyId\" : \"mk-1\"",
                "\"masterKeyId\" : \"mk-9\"").getBytes(UTF_8)));
        assertThatThrownBy(() -> store.read(storage, key)).isInstanceOfSatisfying(ManifestException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.KEY_UNAVAILABLE)).hasMessageContaining("'mk-9'");
    }

    @Test
    void encryptedObjectsWithoutADataKeyAreRefusedBeforeAnythingIsWritten() {
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "b-8", "LOGICAL_DUMP", "appdb", null, null,
                List.of(new ManifestObject("k", 1, "aa", 2, "bb", List.of("zstd", DataKey.ALGORITHM))), null, null);

        assertThatThrownBy(() -> store.write(storage, manifest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b-8'");
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void manifestKeysAreRecognised() {
        assertThat(RepositoryLayout.isManifestKey(RepositoryLayout.manifestKey("WAL", "b-1"))).isTrue();
        assertThat(RepositoryLayout.isManifestKey(RepositoryLayout.objectKey("WAL", "b-1", "manifest.json")))
                .isFalse();
        assertThat(RepositoryLayout.isManifestKey("manifest.json")).isFalse();
    }
}
