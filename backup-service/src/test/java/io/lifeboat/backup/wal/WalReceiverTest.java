package io.lifeboat.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor against a stand-in pg_receivewal (a script in pg-bin-dir) that fails the way the real one does after
 * it was killed while preparing a segment: the half-prepared file is removed, and the receiver is started again.
 */
class WalReceiverTest {

    @TempDir
    Path dir;

    @Test
    void aHalfPreparedSegmentLeftByAKillIsRemovedAndTheReceiverStartedAgain() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path halfPadded = spool.resolve("000000010000000000000006.partial");
        Files.write(halfPadded, new byte[13_516_800 / 1024]);
        Path script = bin.resolve("pg_receivewal");
        Files.writeString(script, """
                #!/bin/sh
                case "$*" in *--create-slot*) exit 0;; esac
                if [ -f "%s" ]; then
                  echo 'pg_receivewal: error: write-ahead log file "000000010000000000000006.partial" has 13516800 bytes, should be 0 or 16777216' >&2
                  exit 1
                fi
                exit 3
                """.formatted(halfPadded));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        BackupProperties properties = new BackupProperties(
                new BackupProperties.Database("127.0.0.1", 5432, "db", "u", null, null),
                List.of(new StorageLocation("primary", StorageTier.PRIMARY, dir.resolve("repo").toString())),
                false, bin, Duration.ofHours(1), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *");
        WalProperties wal = new WalProperties(true, spool.toString(), "lifeboat", Duration.ofSeconds(1),
                Duration.ofHours(1), Duration.ofMillis(50), 1L << 30);
        try (WalReceiver receiver = new WalReceiver(properties, wal)) {
            receiver.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (receiver.starts() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(halfPadded).doesNotExist();
            assertThat(receiver.starts()).as("started again after each exit").isGreaterThanOrEqualTo(3);
        }
    }
}
