package io.lifeboat.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.backup.run.BackupOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of committed backups at the secondary and cold locations, through the real commit and copy path. */
class ReplicatorTest {

    private static final String BACKUP_ID = "000000010000000000000003-7000000000000000001";

    @TempDir
    Path dir;

    /**
     * A backup stored again under its id has a new data key, so other bytes of the same size under the same keys: the
     * copies must follow it. Copies that kept the first objects under the second manifest verify as CORRUPT.
     */
    @Test
    void aBackupCommittedTwiceUnderOneIdIsWholeAtEveryLocation() throws Exception {
        TieredRepository repository = new TieredRepository(dir);
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        try (TieredRepository.Service service = repository.open(repository.properties(), (copy, attempts) -> { })) {
            Instant now = Instant.now();
            BackupOutcome.Completed first = TieredRepository.commit(service.commit(), "WAL", BACKUP_ID, now, content);
            BackupOutcome.Completed second = TieredRepository.commit(service.commit(), "WAL", BACKUP_ID, now, content);

            assertThat(second.manifest().objects().get(0).storedBytes()).as("the same size both times")
                    .isEqualTo(first.manifest().objects().get(0).storedBytes());
            assertThat(second.manifest().objects().get(0).storedSha256()).as("other bytes")
                    .isNotEqualTo(first.manifest().objects().get(0).storedSha256());
            assertThat(second.copies()).extracting(BackupOutcome.Copy::state)
                    .containsOnly(BackupOutcome.CopyState.STORED);
            repository.assertWholeEverywhere(second.manifestKey());
        }
    }
}
