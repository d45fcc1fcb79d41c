package io.lifeboat.backup.copy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.format.fixtures.ForwardingStorage;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectVerifier;
import io.lifeboat.format.object.VerificationOutcome;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.storage.StorageTier;
import java.io.InputStream;
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

    /**
     * A copy resumed where an object is already there at its full size but cannot be read back (an archive storage
     * class answers reads only after a restore request) copies it again instead of failing for ever.
     */
    @Test
    void anObjectAlreadyThereThatCannotBeReadBackIsCopiedAgain() throws Exception {
        TieredRepository repository = new TieredRepository(dir);
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        try (TieredRepository.Service service = repository.open(repository.properties(), (copy, attempts) -> { })) {
            BackupOutcome.Completed committed = TieredRepository.commit(service.commit(), "WAL", BACKUP_ID,
                    Instant.now(), content);
            FilesystemStorage primary = new FilesystemStorage(repository.location(StorageTier.PRIMARY));
            Path coldDir = dir.resolve("archive-class");
            FilesystemStorage cold = new FilesystemStorage(coldDir);
            String objectKey = committed.manifest().objects().get(0).key();
            try (InputStream in = primary.open(objectKey)) {
                cold.put(objectKey, in);
            }
            Storage archived = new ArchivedReads(cold, objectKey);

            Replicator.copy(primary, archived, committed.manifestKey(), new ManifestStore(repository.keys()));

            Manifest manifest = new ManifestStore(repository.keys()).read(cold, committed.manifestKey());
            assertThat(ObjectVerifier.verify(cold, manifest, repository.keys()))
                    .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(VerificationOutcome.VALID));
        }
    }

    /** A location whose object {@code archivedKey} refuses reads, as S3 does for GLACIER objects; all else passes. */
    private static final class ArchivedReads extends ForwardingStorage {

        private final String archivedKey;

        ArchivedReads(Storage delegate, String archivedKey) {
            super(delegate);
            this.archivedKey = archivedKey;
        }

        @Override
        public InputStream open(String key) {
            if (key.equals(archivedKey)) {
                throw new StorageException(StorageException.Reason.REFUSED, "'" + key + "' is in an archive storage"
                        + " class: restore it before reading (InvalidObjectState)", null);
            }
            return super.open(key);
        }
    }
}
