package io.lifeboat.backup.onchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.StorageTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups of a secrets directory through the real commit path to three filesystem locations. */
class SecretsDirectorySourceTest {

    private static final String SECRET = "first-secret-value-0b1e";

    @TempDir
    Path dir;

    /**
     * A secret file that is listed but cannot be read: reading the JVM's own memory from address 0 fails with an
     * I/O error, also as root. The zip of the files before it is well formed, and must not be committed as the backup.
     */
    @Test
    void aSecretFileThatCannotBeReadFailsTheBackupAndCommitsNothing() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("a-db-password"), SECRET);
        Files.createSymbolicLink(secrets.resolve("b-unreadable"), Path.of("/proc/self/mem"));
        TieredRepository repository = new TieredRepository(dir.resolve("repo"));
        BackupOutcome outcome;
        try (TieredRepository.Service service = repository.open(repository.properties(), (copy, attempts) -> { })) {
            outcome = new OnChangeBackup(new SecretsDirectorySource(secrets), service.commit(), Clock.systemUTC())
                    .run("secrets-1");
        }

        assertThat(outcome).isInstanceOfSatisfying(BackupOutcome.Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo(BackupOutcome.FailureReason.DUMP_FAILED);
            assertThat(failed.detail()).isEqualTo("secrets directory '" + secrets + "' could not be zipped: file 2"
                    + " of 2 failed (IOException: Input/output error)");
        });
        for (StorageTier tier : StorageTier.values()) {
            assertThat(new FilesystemStorage(repository.location(tier)).list("backups/")).as("stored at %s", tier)
                    .isEmpty();
        }
    }
}
