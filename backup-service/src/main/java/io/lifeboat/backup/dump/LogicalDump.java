package io.lifeboat.backup.dump;

import io.lifeboat.backup.process.StderrTail;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.PostgresTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Runs {@code pg_dump -Fc} of the configured database and hands its output, as a stream, to a consumer. pg_dump does
 * not compress ({@code -Z0}): the object chain compresses with zstd before encrypting, and compressing twice only
 * costs time.
 */
@Component
public class LogicalDump {

    private static final int STDERR_LIMIT = 4096;

    private final BackupProperties properties;

    public LogicalDump(BackupProperties properties) {
        this.properties = properties;
    }

    /** What a dump yields besides its bytes. */
    public record DumpFacts(String serverVersion, Map<String, TableFingerprint> tables) {
    }

    /** Receives the dump as it is produced; must read {@code dump} to its end. */
    @FunctionalInterface
    public interface DumpSink {
        void accept(InputStream dump) throws IOException;
    }

    /**
     * Dumps the database into {@code sink}. Throws when the database is unreachable or pg_dump fails; in that case
     * whatever the sink stored is incomplete and the caller must discard it.
     */
    public DumpFacts dump(DumpSink sink) throws DumpFailure {
        BackupProperties.Database db = properties.database();
        try (DatabaseSnapshot snapshot = DatabaseSnapshot.open(db)) {
            Process process = start(db, snapshot.snapshotId());
            StderrTail stderr = StderrTail.of("pg_dump", process, STDERR_LIMIT);
            // the fingerprints scan every table too: they run in the exporting transaction (same snapshot) while
            // pg_dump streams, instead of before it, so the two full passes overlap
            FutureTask<Map<String, TableFingerprint>> tables = new FutureTask<>(
                    () -> snapshot.fingerprints(properties.fingerprintParallelism()));
            Thread fingerprinting = new Thread(tables, "table-fingerprints");
            fingerprinting.setDaemon(true);
            fingerprinting.start();
            try (InputStream out = process.getInputStream()) {
                sink.accept(out);
            } catch (IOException | UncheckedIOException e) {
                process.destroyForcibly();
                throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_dump output could not be stored: "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            int exit = waitFor(process);
            if (exit != 0) {
                throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_dump of database '" + db.name()
                        + "' exited with " + exit + ": " + stderr.text());
            }
            return new DumpFacts(snapshot.serverVersion(), fingerprints(tables));
        }
    }

    private Process start(BackupProperties.Database db, String snapshotId) throws DumpFailure {
        List<String> command = new ArrayList<>(List.of(
                PostgresTools.tool("pg_dump", properties.pgBinDirectory()).toString(),
                "-Fc", "-Z0", "--no-password", "--snapshot=" + snapshotId,
                "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user(), "-d", db.name()));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (db.password() != null && !db.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot start pg_dump: " + e.getMessage(), e);
        }
    }

    private static Map<String, TableFingerprint> fingerprints(FutureTask<Map<String, TableFingerprint>> task)
            throws DumpFailure {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DumpFailure failure) {
                throw failure;
            }
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot fingerprint tables: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "interrupted while fingerprinting tables", e);
        }
    }

    private int waitFor(Process process) throws DumpFailure {
        try {
            if (!process.waitFor(properties.dumpTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_dump did not finish within "
                        + properties.dumpTimeout());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "interrupted while waiting for pg_dump", e);
        }
    }

}
