package io.lifeboat.backup.dump;

import io.lifeboat.backup.process.StderrTail;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.DumpArchiveScanner;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.stream.ReadAheadInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Runs {@code pg_dump -Fc} of the configured database and hands its output, as a stream, to a consumer. pg_dump does
 * not compress ({@code -Z0}): the object chain compresses with zstd before encrypting, and compressing twice only
 * costs time. The per-table fingerprints are read from the same stream on its way to the consumer (on a thread of
 * their own, so they overlap with compression and encryption): one pass over the data, in the dump's own snapshot.
 * pg_dump runs with the session settings {@link TableFingerprints} uses, so a restore can recompute them.
 */
@Component
public class LogicalDump {

    private static final int STDERR_LIMIT = 4096;
    private static final int READ_AHEAD_BUFFERS = 4;
    private static final int READ_AHEAD_BUFFER_BYTES = 1024 * 1024;

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
            DumpArchiveScanner tables = new DumpArchiveScanner();
            try (InputStream out = new ReadAheadInputStream(tables.watch(process.getInputStream()),
                    READ_AHEAD_BUFFERS, READ_AHEAD_BUFFER_BYTES, "pg_dump-fingerprints")) {
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
            try {
                return new DumpFacts(snapshot.serverVersion(), tables.finish());
            } catch (IOException e) {
                throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot fingerprint the tables of the dump of '"
                        + db.name() + "': " + e.getMessage(), e);
            }
        }
    }

    private Process start(BackupProperties.Database db, String snapshotId) throws DumpFailure {
        List<String> command = new ArrayList<>(List.of(
                PostgresTools.tool("pg_dump", properties.pgBinDirectory()).toString(),
                "-Fc", "-Z0", "-E", "UTF8", "--no-password", "--snapshot=" + snapshotId,
                "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.user(), "-d", db.name()));
        ProcessBuilder builder = new ProcessBuilder(command);
        StringBuilder options = new StringBuilder();
        TableFingerprints.SESSION_SETTINGS.forEach((name, value) -> options.append(" -c ").append(name).append('=')
                .append(value));
        builder.environment().put("PGOPTIONS", options.toString().trim());
        if (db.password() != null && !db.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot start pg_dump: " + e.getMessage(), e);
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
