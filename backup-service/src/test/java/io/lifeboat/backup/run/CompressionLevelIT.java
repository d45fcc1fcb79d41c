package io.lifeboat.backup.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.backup.dump.LogicalDump;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.infra.postgres.PostgresCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lifeboat.backup.compression-level} reaches the objects a database backup writes. */
class CompressionLevelIT {

    @TempDir
    Path work;

    @Test
    void theSameDatabaseBackedUpAtLevel19IsStoredSmallerThanAtLevel1() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start("compression-level")) {
            pg.createDatabase("calls");
            pg.execute("calls", "CREATE TABLE calls (id int, sid text, note text)",
                    "INSERT INTO calls SELECT g, md5(g::text), repeat('caller asked about the invoice ', 1 + g % 7)"
                            + " FROM generate_series(1, 100000) g");
            LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(work.resolve("keys.json"));

            Manifest fast = backUp(pg, keys, 1);
            Manifest small = backUp(pg, keys, 19);

            assertThat(small.plainBytes()).isEqualTo(fast.plainBytes());
            assertThat(small.tables()).isEqualTo(fast.tables());
            assertThat(small.storedBytes()).as("level 19 stores less than level 1")
                    .isLessThan(fast.storedBytes() * 95 / 100);
        }
    }

    private Manifest backUp(PostgresCluster pg, LocalKeysetMasterKeys keys, int level) throws Exception {
        BackupProperties properties = new BackupProperties(
                new BackupProperties.Database("127.0.0.1", pg.port(), "calls", PostgresCluster.SUPERUSER, null,
                        null),
                List.of(new StorageLocation("primary", StorageTier.PRIMARY,
                        work.resolve("repo-" + level).toUri().toString())),
                false, null, Duration.ofMinutes(5), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *", level);
        try (Locations locations = new Locations(properties);
             Copies copies = new Copies(locations, (copy, attempts) -> { }, properties)) {
            BackupOutcome outcome = new DatabaseBackup(properties, new LogicalDump(properties),
                    new BackupCommit(locations, copies, keys), Clock.systemUTC()).run("level-" + level);
            assertThat(outcome).isInstanceOf(BackupOutcome.Completed.class);
            return ((BackupOutcome.Completed) outcome).manifest();
        }
    }
}
