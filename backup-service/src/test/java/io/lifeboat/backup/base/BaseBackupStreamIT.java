package io.lifeboat.backup.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.process.Teardown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base backup whose pg_basebackup prints far more than the kept stderr between the start and the end of its WAL
 * range: the cluster is real (made with initdb), pg_basebackup a stand-in that prints what the real one prints,
 * with 50 KiB of warnings in between.
 */
class BaseBackupStreamIT {

    static PostgresCluster pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = PostgresCluster.start("base-stderr");
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(pg);
    }

    @Test
    void theWalRangeIsReadHoweverMuchPgBasebackupPrintsBetweenItsEnds() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("pg_basebackup");
        Files.writeString(script, """
                #!/bin/sh
                echo 'pg_basebackup: initiating base backup, waiting for checkpoint to complete' >&2
                echo 'pg_basebackup: write-ahead log start point: 0/2000028 on timeline 1' >&2
                i=0
                while [ $i -lt 1000 ]; do
                  echo "pg_basebackup: warning: a notice the server sent, number $i" >&2
                  i=$((i+1))
                done
                printf 'the tar stream'
                echo 'pg_basebackup: write-ahead log end point: 0/2000100' >&2
                echo 'pg_basebackup: base backup completed' >&2
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        BackupProperties properties = new BackupProperties(
                new BackupProperties.Database("127.0.0.1", pg.port(), "postgres", PostgresCluster.SUPERUSER, null,
                        null),
                List.of(new StorageLocation("primary", StorageTier.PRIMARY, dir.resolve("repo").toUri().toString())),
                false, bin, Duration.ofMinutes(1), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *", ObjectWriter.DEFAULT_COMPRESSION_LEVEL);
        byte[][] received = new byte[1][];

        BaseBackupStream.BaseFacts facts = new BaseBackupStream(properties).backup(in -> received[0] = in.readAllBytes());

        assertThat(new String(received[0])).isEqualTo("the tar stream");
        assertThat(facts.startLsn()).isEqualTo("0/2000028");
        assertThat(facts.timeline()).isEqualTo(1);
        assertThat(facts.stopLsn()).isEqualTo("0/2000100");
    }
}
