package io.lifeboat.backup.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.base.BaseBackupStream;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.backup.dump.LogicalDump;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.process.Teardown;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat.backup.compression-level} reaches the objects logical and physical database backups write. */
class CompressionLevelIT {

    @TempDir
    Path work;

    /** One idle cluster for both tests: a table of call rows, checkpointed. */
    static PostgresCluster pg;

    @BeforeAll
    static void start() {
        pg = PostgresCluster.start("compression-level");
        pg.createDatabase("calls");
        pg.execute("calls", "CREATE TABLE calls (id int, sid text, note text)",
                "INSERT INTO calls SELECT g, md5(g::text), repeat('caller asked about the invoice ', 1 + g % 7)"
                        + " FROM generate_series(1, 100000) g", "CHECKPOINT");
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(pg);
    }

    @Test
    void theSameDatabaseBackedUpAtLevel19IsStoredSmallerThanAtLevel1() throws Exception {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(work.resolve("keys.json"));

        Manifest fast = backUp(pg, keys, 1);
        Manifest small = backUp(pg, keys, 19);

        assertThat(small.plainBytes()).isEqualTo(fast.plainBytes());
        assertThat(small.tables()).isEqualTo(fast.tables());
        assertThat(small.storedBytes()).as("level 19 stores less than level 1")
                .isLessThan(fast.storedBytes() * 95 / 100);
    }

    @Test
    void aBaseBackupAtLevel9IsStoredSmallerForItsSizeThanAtLevel1() throws Exception {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(work.resolve("keys.json"));

        Manifest fast = baseBackup(pg, keys, 1);
        Manifest small = baseBackup(pg, keys, 9);

        // two base backups of one idle cluster differ only in their labels and WAL: sizes within 10%
        assertThat(small.plainBytes()).isBetween(fast.plainBytes() * 9 / 10, fast.plainBytes() * 11 / 10);
        double fastRatio = (double) fast.storedBytes() / fast.plainBytes();
        double smallRatio = (double) small.storedBytes() / small.plainBytes();
        assertThat(smallRatio).as("stored per plain byte at level 9 against level 1 (%.4f)", fastRatio)
                .isLessThan(fastRatio * 0.95);
    }

    private Manifest baseBackup(PostgresCluster pg, LocalKeysetMasterKeys keys, int level) throws Exception {
        BackupProperties properties = properties(pg, "base-" + level, level);
        return backUp(properties, keys, "base-" + level, commit -> new PhysicalBackup(properties,
                new BaseBackupStream(properties), commit, Clock.systemUTC()));
    }

    private Manifest backUp(PostgresCluster pg, LocalKeysetMasterKeys keys, int level) throws Exception {
        BackupProperties properties = properties(pg, "repo-" + level, level);
        return backUp(properties, keys, "level-" + level, commit -> new DatabaseBackup(properties,
                new LogicalDump(properties), commit, Clock.systemUTC()));
    }

    private static Manifest backUp(BackupProperties properties, LocalKeysetMasterKeys keys, String backupId,
                                   Function<BackupCommit, BackupJob> job) throws Exception {
        try (Locations locations = new Locations(properties);
             Copies copies = new Copies(locations, (copy, attempts) -> { }, properties, keys)) {
            BackupOutcome outcome = job.apply(new BackupCommit(locations, copies, keys)).run(backupId);
            assertThat(outcome).isInstanceOf(BackupOutcome.Completed.class);
            return ((BackupOutcome.Completed) outcome).manifest();
        }
    }

    private BackupProperties properties(PostgresCluster pg, String repository, int level) {
        return new BackupProperties(
                new BackupProperties.Database("127.0.0.1", pg.port(), "calls", PostgresCluster.SUPERUSER, null,
                        null),
                List.of(new StorageLocation("primary", StorageTier.PRIMARY,
                        work.resolve(repository).toUri().toString())),
                false, null, Duration.ofMinutes(5), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *", level);
    }
}
