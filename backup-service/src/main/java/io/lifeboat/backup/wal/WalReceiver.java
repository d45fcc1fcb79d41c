package io.lifeboat.backup.wal;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.format.postgres.PostgresTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises {@code pg_receivewal}: creates the replication slot if it is missing, runs the receiver, and starts
 * it again {@code restart-delay} after it exits, for whatever reason, until closed. {@code --no-loop} makes the
 * receiver exit on a lost connection instead of retrying silently, so every interruption is visible here.
 */
final class WalReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalReceiver.class);
    private static final java.util.regex.Pattern HALF_PADDED = java.util.regex.Pattern.compile(
            "write-ahead log file \"([0-9A-F]{24}\\.partial)\" has \\d+ bytes, should be 0 or \\d+");

    private final BackupProperties.Database db;
    private final WalProperties wal;
    private final String pgReceiveWal;
    private final Thread supervisor;
    private final AtomicInteger starts = new AtomicInteger();
    private volatile boolean closed;
    private volatile Process current;

    WalReceiver(BackupProperties properties, WalProperties wal) {
        this.db = properties.database();
        this.wal = wal;
        this.pgReceiveWal = PostgresTools.tool("pg_receivewal", properties.pgBinDirectory()).toString();
        this.supervisor = new Thread(this::supervise, "pg_receivewal-supervisor");
        supervisor.setDaemon(true);
    }

    void start() {
        supervisor.start();
    }

    /** How many times pg_receivewal was started. */
    int starts() {
        return starts.get();
    }

    private void supervise() {
        boolean slotReady = false;
        while (!closed) {
            try {
                Files.createDirectories(wal.spool());
                if (!slotReady) {
                    slotReady = run(command("--create-slot", "--if-not-exists")) == 0;
                }
                if (slotReady) {
                    starts.incrementAndGet();
                    int exit = run(command());
                    if (!closed) {
                        log.warn("pg_receivewal exited with {}; starting it again in {}", exit, wal.restartDelay());
                    }
                }
            } catch (IOException e) {
                log.warn("pg_receivewal could not run: {}; trying again in {}", e.getMessage(), wal.restartDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(wal.restartDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<String> command(String... extra) {
        List<String> command = new ArrayList<>(List.of(pgReceiveWal, "-D", wal.spool().toString(), "-S", wal.slot(),
                "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.replicationUser(), "--no-password",
                "--no-loop"));
        command.addAll(List.of(extra));
        return command;
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (db.password() != null && !db.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        Process process = builder.start();
        current = process;
        try (InputStream out = process.getInputStream()) {
            // pg_receivewal prints only errors and warnings here; they never contain the password
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!text.isEmpty() && !closed) {
                log.warn("pg_receivewal: {}", text.length() > 2000 ? text.substring(0, 2000) : text);
            }
            removeHalfPaddedSegment(text);
        }
        return process.waitFor();
    }

    /**
     * pg_receivewal fills a new .partial segment with zeros before it writes any WAL into it; killed during that, it
     * leaves a file of neither 0 nor the segment's size and refuses to start again. Such a file holds no WAL (the slot
     * still has it), so it is removed and the next start streams that segment again.
     */
    private void removeHalfPaddedSegment(String output) throws IOException {
        java.util.regex.Matcher m = HALF_PADDED.matcher(output);
        if (m.find()) {
            java.nio.file.Path file = wal.spool().resolve(m.group(1));
            if (file.getParent().equals(wal.spool()) && Files.deleteIfExists(file)) {
                log.warn("removed '{}': pg_receivewal was stopped while preparing it, before any wal was in it", file);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        supervisor.interrupt();
        Process p = current;
        if (p != null) {
            p.destroy();
        }
    }
}
