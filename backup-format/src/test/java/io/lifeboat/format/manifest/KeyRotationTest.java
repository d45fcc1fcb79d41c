package io.lifeboat.format.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.KeyRotation.Outcome;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {

    @TempDir
    Path temp;

    @Test
    void oldBackupsReadAfterRotationAndAfterTheOldKeyIsRemoved() throws IOException {
        Path keyFile = temp.resolve("master-keys.json");
        Storage primary = new FilesystemStorage(temp.resolve("primary"));
        Storage cold = new FilesystemStorage(temp.resolve("cold"));
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(keyFile);
        for (Storage location : List.of(primary, cold)) {
            writeBackup(location, keys, "old-1");
            writeBackup(location, keys, "old-2");
        }
        byte[] unrelated = "not a manifest".getBytes();
        primary.put("backups/base-backup/old-1/data/notes.txt", new ByteArrayInputStream(unrelated));

        keys.addKey("mk-2");
        keys.makeCurrent("mk-2");
        writeBackup(primary, keys, "new-1");
        KeyRotation rotation = new KeyRotation(keys);
        KeyRotation.Report primaryReport = rotation.rewrapAll(primary);
        KeyRotation.Report coldReport = rotation.rewrapAll(cold);

        assertThat(primaryReport.targetKeyId()).isEqualTo("mk-2");
        assertThat(primaryReport.results()).extracting(KeyRotation.Result::manifestKey, KeyRotation.Result::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(manifestKey("new-1"), Outcome.ALREADY_CURRENT),
                        org.assertj.core.groups.Tuple.tuple(manifestKey("old-1"), Outcome.REWRAPPED),
                        org.assertj.core.groups.Tuple.tuple(manifestKey("old-2"), Outcome.REWRAPPED));
        assertThat(primaryReport.results().get(1).previousKeys()).containsExactly("mk-1");
        assertThat(coldReport.count(Outcome.REWRAPPED)).isEqualTo(2);
        assertThat(rotation.rewrapAll(primary).count(Outcome.ALREADY_CURRENT)).isEqualTo(3);

        keys.removeKey("mk-1");
        LocalKeysetMasterKeys onlyNewKey = LocalKeysetMasterKeys.load(keyFile);
        assertThat(onlyNewKey.keyIds()).containsExactly("mk-2");
        for (Storage location : List.of(primary, cold)) {
            for (String backupId : List.of("old-1", "old-2")) {
                assertBackupReads(location, onlyNewKey, backupId);
            }
        }
        assertBackupReads(primary, onlyNewKey, "new-1");
        assertThat(primary.open("backups/base-backup/old-1/data/notes.txt").readAllBytes()).isEqualTo(unrelated);
    }

    @Test
    void removingTheOldKeyBeforeRotatingMakesOldBackupsKeyUnavailable() throws IOException {
        Path keyFile = temp.resolve("master-keys.json");
        Storage primary = new FilesystemStorage(temp.resolve("primary"));
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(keyFile);
        writeBackup(primary, keys, "old-1");
        keys.addKey("mk-2");
        keys.makeCurrent("mk-2");

        keys.removeKey("mk-1");

        assertThatThrownBy(() -> new ManifestStore(keys).read(primary, manifestKey("old-1")))
                .isInstanceOfSatisfying(ManifestException.class,
                        e -> assertThat(e.kind()).isEqualTo(ManifestException.Kind.KEY_UNAVAILABLE));
        KeyRotation.Report report = new KeyRotation(keys).rewrapAll(primary);
        assertThat(report.count(Outcome.FAILED)).isEqualTo(1);
        assertThat(report.results().get(0).detail()).contains("'mk-1'");
    }

    private static void writeBackup(Storage storage, LocalKeysetMasterKeys keys, String backupId)
            throws IOException {
        DataKey dataKey = DataKey.generate();
        var object = new ObjectWriter().write(storage, RepositoryLayout.objectKey("BASE_BACKUP", backupId, "base"),
                new GeneratedInputStream(300_000, backupId.hashCode()), dataKey);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, "BASE_BACKUP", "appdb",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:01:00Z"), List.of(object),
                Map.of(), Map.of()).withEncryption(dataKey.wrap(keys, backupId));
        new ManifestStore(keys).write(storage, manifest);
    }

    private static void assertBackupReads(Storage storage, LocalKeysetMasterKeys keys, String backupId)
            throws IOException {
        ManifestStore store = new ManifestStore(keys);
        Manifest manifest = store.read(storage, manifestKey(backupId));
        assertThat(manifest.encryption().masterKeyId()).isEqualTo("mk-2");
        try (InputStream in = ObjectReader.open(storage, manifest.objects().get(0), store.dataKey(manifest))) {
            assertThat(DigestingInputStream.drain(in).sha256())
                    .isEqualTo(GeneratedInputStream.sha256(300_000, backupId.hashCode()));
        }
    }

    private static String manifestKey(String backupId) {
        return RepositoryLayout.manifestKey("BASE_BACKUP", backupId);
    }
}
