package io.lifeboat.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.object.VerificationOutcome;
import io.lifeboat.format.object.VerificationResult;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of committed backups at the secondary and cold locations, through the real commit and copy path. */
class ReplicatorTest {

    @TempDir
    Path dir;

    /**
     * A backup stored again under its id has a new data key, so other bytes of the same size under the same keys: the
     * copies must follow it. Copies that kept the first objects under the second manifest verify as CORRUPT.
     */
    @Test
    void aBackupCommittedTwiceUnderOneIdIsWholeAtEveryLocation() throws Exception {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(dir.resolve("keys.json"));
        TieredRepository repository = new TieredRepository(dir.resolve("repo"));
        BackupProperties properties = repository.properties(
                new BackupProperties.Database("127.0.0.1", 5432, "unused", "unused", null, null), null);
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        try (Locations locations = new Locations(properties);
             Copies copies = new Copies(locations, (copy, attempts) -> { }, properties, keys)) {
            BackupCommit commit = new BackupCommit(locations, copies, keys);

            BackupOutcome.Completed first = commitOnce(commit, content);
            BackupOutcome.Completed second = commitOnce(commit, content);

            assertThat(second.manifest().objects().get(0).storedBytes()).as("the same size both times")
                    .isEqualTo(first.manifest().objects().get(0).storedBytes());
            assertThat(second.manifest().objects().get(0).storedSha256()).as("other bytes")
                    .isNotEqualTo(first.manifest().objects().get(0).storedSha256());
            assertThat(second.copies()).allSatisfy(c -> assertThat(c.state()).isEqualTo(BackupOutcome.CopyState.STORED));
            Map<String, List<VerificationResult>> verified = repository.verify(second.manifestKey(), keys);
            assertThat(verified).hasSize(3).allSatisfy((location, results) -> assertThat(results)
                    .as("objects at %s", location).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.outcome()).as(r.detail()).isEqualTo(VerificationOutcome.VALID)));
        }
    }

    private static BackupOutcome.Completed commitOnce(BackupCommit commit, byte[] content) throws Exception {
        String backupId = "000000010000000000000003-7000000000000000001";
        DataKey dataKey = DataKey.generate();
        ManifestObject object = new ObjectWriter().write(commit.primary(),
                RepositoryLayout.objectKey("WAL", backupId, "000000010000000000000003"),
                new ByteArrayInputStream(content), dataKey);
        BackupOutcome outcome = commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, "WAL",
                "7000000000000000001", Instant.now(), Instant.now(), List.of(object), Map.of(), Map.of()), dataKey);
        assertThat(outcome).isInstanceOf(BackupOutcome.Completed.class);
        return (BackupOutcome.Completed) outcome;
    }
}
