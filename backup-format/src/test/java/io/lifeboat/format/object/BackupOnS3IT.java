package io.lifeboat.format.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.fixtures.GeneratedInputStream;
import io.lifeboat.format.fixtures.S3ProxyServer;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.S3Storage;
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

/** A whole encrypted backup written to and read from a real S3 API, the way the services use the format. */
class BackupOnS3IT {

    @TempDir
    Path temp;

    @Test
    void encryptedBackupWrittenToS3ReadsBackVerifiedAndDamageIsFound() throws Exception {
        long size = 13L * 1024 * 1024;
        try (S3ProxyServer server = new S3ProxyServer(); S3Storage s3 = server.storage()) {
            LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(temp.resolve("master-keys.json"));
            ManifestStore manifests = new ManifestStore(keys);
            DataKey dataKey = DataKey.generate();
            ManifestObject object = new ObjectWriter().write(s3,
                    RepositoryLayout.objectKey("BASE_BACKUP", "b-1", "base.tar"),
                    new GeneratedInputStream(size, 21), dataKey);
            String manifestKey = manifests.write(s3, new Manifest(Manifest.FORMAT_VERSION, "b-1", "BASE_BACKUP",
                    "appdb", Instant.now(), Instant.now(), List.of(object), Map.of(), Map.of())
                    .withEncryption(dataKey.wrap(keys, "b-1")));

            Manifest manifest = manifests.read(s3, manifestKey);
            try (InputStream in = ObjectReader.open(s3, manifest.objects().get(0), manifests.dataKey(manifest))) {
                assertThat(DigestingInputStream.drain(in).sha256()).isEqualTo(GeneratedInputStream.sha256(size, 21));
            }
            assertThat(ObjectVerifier.verify(s3, manifest, keys)).extracting(VerificationResult::outcome)
                    .containsExactly(VerificationOutcome.VALID);

            byte[] stored;
            try (InputStream in = s3.open(object.key())) {
                stored = in.readAllBytes();
            }
            stored[stored.length / 3] ^= 1;
            s3.put(object.key(), new ByteArrayInputStream(stored));

            assertThat(ObjectVerifier.verify(s3, manifest, keys)).extracting(VerificationResult::outcome)
                    .containsExactly(VerificationOutcome.CORRUPT);
            assertThat(ObjectVerifier.verifyStored(s3, object).outcome()).isEqualTo(VerificationOutcome.CORRUPT);
        }
    }
}
