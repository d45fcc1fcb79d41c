package io.lifeboat.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor against stand-in pg_receivewal programs (scripts in pg-bin-dir) that fail or stream the way the real
 * one does: a half-prepared segment left by a kill is removed, every exit is followed by a new start, failed starts
 * are counted with what the program said, and a run that completes a segment is a successful start.
 */
class WalReceiverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aHalfPreparedSegmentLeftByAKillIsRemovedAndTheReceiverStartedAgain() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path halfPadded = spool.resolve("000000010000000000000006.partial");
        Files.write(halfPadded, new byte[13_516_800 / 1024]);
        Path bin = standIn("""
                if [ -f "%s" ]; then
                  echo 'pg_receivewal: error: write-ahead log file "000000010000000000000006.partial" has 13516800 bytes, should be 0 or 16777216' >&2
                  exit 1
                fi
                exit 3
                """.formatted(halfPadded));
        try (WalReceiver receiver = new WalReceiver(properties(bin), wal(spool, Duration.ofHours(1)))) {
            receiver.start();
            await(() -> receiver.starts() >= 3);
            assertThat(halfPadded).doesNotExist();
            assertThat(receiver.starts()).as("started again after each exit").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void startsThatKeepFailingAreCountedWithWhatTheProgramSaid() throws Exception {
        Path bin = standIn("""
                echo 'pg_receivewal: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused' >&2
                exit 1
                """);
        try (WalReceiver receiver = new WalReceiver(properties(bin), wal(dir.resolve("spool"), Duration.ofHours(1)))) {
            receiver.start();
            await(() -> receiver.health().failedStarts() >= 3);

            WalReceiver.Health health = receiver.health();
            assertThat(health.streaming()).isFalse();
            assertThat(health.lastFailure()).isEqualTo("pg_receivewal exited with 1: error: connection to server at"
                    + " \"127.0.0.1\", port 5432 failed: Connection refused");
        }
    }

    @Test
    void aSlotThatCannotBeCreatedIsAFailedStart() throws Exception {
        Path bin = standIn("""
                echo 'pg_receivewal: error: could not connect: FATAL:  role "backup" does not exist' >&2
                exit 1
                """, "echo 'pg_receivewal: error: slot creation refused' >&2; exit 1");
        try (WalReceiver receiver = new WalReceiver(properties(bin), wal(dir.resolve("spool"), Duration.ofHours(1)))) {
            receiver.start();
            await(() -> receiver.health().failedStarts() >= 2);

            assertThat(receiver.starts()).as("no receiver without a slot").isZero();
            assertThat(receiver.health().lastFailure())
                    .isEqualTo("replication slot 'lifeboat' could not be created (exit 1): "
                            + "error: slot creation refused");
        }
    }

    @Test
    void aRunThatCompletesASegmentIsASuccessfulStartAndClearsTheFailures() throws Exception {
        Path runs = dir.resolve("runs");
        Path bin = standIn("""
                echo x >> "%s"
                if [ "$(wc -l < "%s")" -le 3 ]; then
                  echo 'pg_receivewal: error: could not send replication command "START_REPLICATION"' >&2
                  exit 1
                fi
                echo 'pg_receivewal: starting log streaming at 0/1000000 (timeline 1)' >&2
                echo 'pg_receivewal: finished segment at 0/2000000 (timeline 1)' >&2
                exec sleep 60
                """.formatted(runs, runs));
        try (WalReceiver receiver = new WalReceiver(properties(bin), wal(dir.resolve("spool"), Duration.ofHours(1)))) {
            receiver.start();
            await(() -> receiver.health().failedStarts() >= 3);
            await(() -> receiver.health().streaming());

            WalReceiver.Health health = receiver.health();
            assertThat(health.failedStarts()).isZero();
            assertThat(receiver.starts()).isEqualTo(4);
        }
    }

    @Test
    void aRunThatLastsStableAfterIsASuccessfulStart() throws Exception {
        Path bin = standIn("exec sleep 60\n");
        try (WalReceiver receiver = new WalReceiver(properties(bin), wal(dir.resolve("spool"),
                Duration.ofMillis(200)))) {
            receiver.start();
            await(() -> receiver.health().streaming());

            assertThat(receiver.health().failedStarts()).isZero();
        }
    }

    /**
     * Closed while the slot is being created, by a program that finishes that despite the SIGTERM close() sends:
     * the receiver must not be started after close() (it would stream on, unsupervised, until it exits).
     */
    @Test
    void closedWhileTheSlotIsCreatedNoReceiverIsStarted() throws Exception {
        Path creating = dir.resolve("creating");
        Path streaming = dir.resolve("streaming");
        Path bin = standIn("echo $$ > '%s'; exec sleep 600\n".formatted(streaming),
                "trap '' TERM; touch '%s'; sleep 1; exit 0".formatted(creating));
        Set<Thread> before = supervisors();
        WalReceiver receiver = new WalReceiver(properties(bin), wal(dir.resolve("spool"), Duration.ofHours(1)));
        receiver.start();
        await(() -> Files.exists(creating));
        Set<Thread> mine = supervisors();
        mine.removeAll(before);
        assertThat(mine).hasSize(1);

        receiver.close();

        try {
            // the supervisor ends once the slot creation has finished, whatever it did next
            await(() -> !mine.iterator().next().isAlive());
        } finally {
            ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("sleep 600"))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(streaming).as("a receiver started after close()").doesNotExist();
    }

    private static Set<Thread> supervisors() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().equals("pg_receivewal-supervisor"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** A pg_receivewal stand-in: {@code createSlot} for --create-slot runs (default: succeed), else {@code body}. */
    private Path standIn(String body, String... createSlot) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("pg_receivewal");
        Files.writeString(script, "#!/bin/sh\ncase \"$*\" in *--create-slot*) "
                + (createSlot.length == 0 ? "exit 0" : createSlot[0]) + ";; esac\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    private static BackupProperties properties(Path bin) {
        return new BackupProperties(
                new BackupProperties.Database("127.0.0.1", 5432, "db", "u", null, null),
                List.of(new StorageLocation("primary", StorageTier.PRIMARY, "/tmp/unused-repo")),
                false, bin, Duration.ofHours(1), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *",
                ObjectWriter.DEFAULT_COMPRESSION_LEVEL);
    }

    private static WalProperties wal(Path spool, Duration stableAfter) {
        return new WalProperties(true, spool.toString(), "lifeboat", Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofMillis(50), 1L << 30, 3, stableAfter);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + WAIT);
            }
            Thread.sleep(20);
        }
    }
}
