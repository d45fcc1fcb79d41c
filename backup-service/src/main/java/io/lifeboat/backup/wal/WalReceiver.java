package io.lifeboat.backup.wal;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.format.postgres.PostgresTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises {@code pg_receivewal}: creates the replication slot if it is missing, runs the receiver, and starts
 * it again {@code restart-delay} after it exits, for whatever reason, until closed. {@code --no-loop} makes the
 * receiver exit on a lost connection instead of retrying silently, so every interruption is visible here.
 *
 * <p>It also keeps the receiver's {@link Health}: a start is successful once its run has lasted
 * {@code stable-after} or completed a segment ({@code --verbose} reports each one); a run that ends before, a slot
 * that cannot be created or a program that cannot be started is a failed start. Healthy runs reset the count.
 */
final class WalReceiver implements AutoCloseable {

    /**
     * What the supervisor knows of the receiver now.
     *
     * @param failedStarts consecutive failed starts since the last successful one
     * @param streaming    whether the current run has proven itself (lasted stable-after or completed a segment)
     * @param lastFailure  what the last failed start said, for people; empty if none failed
     */
    record Health(int failedStarts, boolean streaming, String lastFailure) {
    }

    private static final Logger log = LoggerFactory.getLogger(WalReceiver.class);
    private static final Pattern HALF_PADDED = Pattern.compile(
            "write-ahead log file \"([0-9A-F]{24}\\.partial)\" has \\d+ bytes, should be 0 or \\d+");
    /** --verbose progress lines: proof of streaming, not worth a warning. */
    private static final Pattern PROGRESS = Pattern.compile(
            "(finished segment|starting log streaming|switched to timeline|stopped log streaming) at .*"
                    + "|not renaming \".*\", segment is not complete");
    private static final int KEPT_LINES = 20;

    private final BackupProperties.Database db;
    private final WalProperties wal;
    private final String pgReceiveWal;
    private final Thread supervisor;
    private final AtomicInteger starts = new AtomicInteger();
    /** Guards starting a process against closing: see {@link #close()}. */
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile Process current;
    // health, guarded by this
    private int failedStarts;
    private long runStartedNanos = -1;
    private boolean segmentCompleted;
    private String lastFailure = "";

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

    /** The receiver's health now. */
    synchronized Health health() {
        if (currentRunIsStable()) {
            failedStarts = 0;
        }
        return new Health(failedStarts, currentRunIsStable(), lastFailure);
    }

    private boolean currentRunIsStable() {
        return runStartedNanos >= 0 && (segmentCompleted
                || System.nanoTime() - runStartedNanos >= wal.stableAfter().toNanos());
    }

    private synchronized void runStarted() {
        runStartedNanos = System.nanoTime();
        segmentCompleted = false;
    }

    private synchronized void segmentCompleted() {
        segmentCompleted = true;
    }

    /** The current run (or an attempt to start one) ended. */
    private synchronized void runEnded(String failure) {
        if (currentRunIsStable()) {
            failedStarts = 0;
        } else {
            failedStarts++;
            lastFailure = failure;
        }
        runStartedNanos = -1;
        segmentCompleted = false;
    }

    private void supervise() {
        boolean slotReady = false;
        while (!closed) {
            try {
                Files.createDirectories(wal.spool());
                if (!slotReady) {
                    Run slot = run(command("--create-slot", "--if-not-exists"), false);
                    slotReady = slot.exit() == 0;
                    if (!slotReady && !closed) {
                        runEnded("replication slot '" + wal.slot() + "' could not be created (exit " + slot.exit()
                                + "): " + slot.output());
                    }
                }
                if (slotReady) {
                    starts.incrementAndGet();
                    runStarted();
                    Run run = run(command("--verbose"), true);
                    if (!closed) {
                        runEnded("pg_receivewal exited with " + run.exit()
                                + (run.output().isEmpty() ? "" : ": " + run.output()));
                        log.warn("pg_receivewal exited with {}; starting it again in {}", run.exit(),
                                wal.restartDelay());
                    }
                }
            } catch (IOException e) {
                runEnded("pg_receivewal could not run: " + e.getMessage());
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

    /** What a finished run printed (its last lines other than progress) and its exit code. */
    private record Run(int exit, String output) {
    }

    private Run run(List<String> command, boolean streaming) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (db.password() != null && !db.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        Process process;
        synchronized (lifecycle) {
            if (closed) {
                throw new InterruptedException("closed before " + command.get(0) + " started");
            }
            process = builder.start();
            current = process;
        }
        // pg_receivewal prints progress, errors and warnings here; they never contain the password
        Deque<String> kept = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String message = line.startsWith("pg_receivewal: ") ? line.substring(15) : line;
                if (PROGRESS.matcher(message).matches()) {
                    if (streaming && message.startsWith("finished segment")) {
                        segmentCompleted();
                    }
                    log.debug("pg_receivewal: {}", message);
                    continue;
                }
                if (kept.size() == KEPT_LINES) {
                    kept.removeFirst();
                }
                kept.addLast(message.length() > 500 ? message.substring(0, 500) : message);
            }
        }
        String text = String.join("\n", kept).strip();
        if (!text.isEmpty() && !closed) {
            log.warn("pg_receivewal: {}", text);
        }
        removeHalfPaddedSegment(text);
        return new Run(process.waitFor(), text);
    }

    /**
     * pg_receivewal fills a new .partial segment with zeros before it writes any WAL into it; killed during that, it
     * leaves a file of neither 0 nor the segment's size and refuses to start again. Such a file holds no WAL (the slot
     * still has it), so it is removed and the next start streams that segment again.
     */
    private void removeHalfPaddedSegment(String output) throws IOException {
        Matcher m = HALF_PADDED.matcher(output);
        if (m.find()) {
            Path file = wal.spool().resolve(m.group(1));
            if (file.getParent().equals(wal.spool()) && Files.deleteIfExists(file)) {
                log.warn("removed '{}': pg_receivewal was stopped while preparing it, before any wal was in it", file);
            }
        }
    }

    /**
     * Stops supervising and the receiver. Under {@link #lifecycle}, so that a start racing with it either sees it
     * closed and starts nothing, or has published its process, which is stopped here.
     */
    @Override
    public void close() {
        Process p;
        synchronized (lifecycle) {
            closed = true;
            p = current;
        }
        supervisor.interrupt();
        if (p != null) {
            p.destroy();
        }
    }
}
