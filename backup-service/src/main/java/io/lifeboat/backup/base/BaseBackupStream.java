package io.lifeboat.backup.base;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.dump.DumpFailure;
import io.lifeboat.backup.dump.LogicalDump.DumpSink;
import io.lifeboat.backup.process.StderrTail;
import io.lifeboat.format.postgres.PostgresTools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Runs {@code pg_basebackup} of the configured cluster and hands the tar stream to a sink. */
@Component
public class BaseBackupStream {

    private static final Pattern START = Pattern.compile("write-ahead log start point: ([0-9A-F]+/[0-9A-F]+) on timeline (\\d+)");
    private static final Pattern END = Pattern.compile("write-ahead log end point: ([0-9A-F]+/[0-9A-F]+)");
    private static final int STDERR_LIMIT = 16 * 1024;

    private final BackupProperties properties;

    public BaseBackupStream(BackupProperties properties) {
        this.properties = properties;
    }

    /** What a base backup yields besides its bytes. */
    public record BaseFacts(String startLsn, String stopLsn, int timeline, String systemIdentifier,
                            String serverVersion, String segmentSize) {
    }

    /**
     * Streams a base backup into {@code sink}. Throws when the cluster is unreachable or pg_basebackup fails; then
     * whatever the sink stored is incomplete and the caller discards it.
     */
    public BaseFacts backup(DumpSink sink) throws DumpFailure {
        BackupProperties.Database db = properties.database();
        String systemIdentifier;
        String serverVersion;
        String segmentSize;
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT system_identifier::text, current_setting('server_version'),"
                     + " (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size')"
                     + " FROM pg_control_system()")) {
            rs.next();
            systemIdentifier = rs.getString(1);
            serverVersion = rs.getString(2);
            segmentSize = rs.getString(3);
        } catch (SQLException e) {
            throw new DumpFailure(DumpFailure.Kind.DATABASE_UNREACHABLE, "cluster of database '" + db.name()
                    + "' at " + db.host() + ":" + db.port() + " is unreachable: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(
                PostgresTools.tool("pg_basebackup", properties.pgBinDirectory()).toString(),
                "-h", db.host(), "-p", Integer.toString(db.port()), "-U", db.replicationUser(), "--no-password",
                "-D", "-", "-Ft", "-X", "fetch", "--checkpoint=fast", "--verbose",
                "--label=lifeboat"));
        properties.baseBackupRate().ifPresent(rate -> command.add("--max-rate=" + rate));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (db.password() != null && !db.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", db.password());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot start pg_basebackup: " + e.getMessage(), e);
        }
        // the WAL range is reported first and last: found however much pg_basebackup prints between
        StderrTail stderr = StderrTail.of("pg_basebackup", process, STDERR_LIMIT, START, END);
        try (InputStream out = process.getInputStream()) {
            sink.accept(out);
        } catch (IOException | UncheckedIOException e) {
            process.destroyForcibly();
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_basebackup output could not be stored: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        int exit;
        try {
            if (!process.waitFor(properties.dumpTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_basebackup did not finish within "
                        + properties.dumpTimeout());
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "interrupted while waiting for pg_basebackup", e);
        }
        String log = stderr.text();
        if (exit != 0) {
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_basebackup of the cluster at " + db.host() + ":"
                    + db.port() + " exited with " + exit + ": " + log);
        }
        Optional<MatchResult> start = stderr.fact(START);
        Optional<MatchResult> end = stderr.fact(END);
        if (start.isEmpty() || end.isEmpty()) {
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "pg_basebackup did not report its wal range: " + log);
        }
        return new BaseFacts(start.get().group(1), end.get().group(1), Integer.parseInt(start.get().group(2)),
                systemIdentifier, serverVersion, segmentSize);
    }

    private static Connection connect(BackupProperties.Database db) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        if (db.password() != null) {
            props.setProperty("password", db.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "lifeboat-backup");
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }

}
