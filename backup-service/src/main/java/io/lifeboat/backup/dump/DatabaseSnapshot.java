package io.lifeboat.backup.dump;

import io.lifeboat.backup.config.BackupProperties.Database;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * An open repeatable-read transaction whose snapshot is exported for pg_dump. Keep it open until pg_dump has
 * finished: the snapshot lives as long as this transaction.
 */
final class DatabaseSnapshot implements AutoCloseable {

    private final Database database;
    private final Connection connection;
    private final String snapshotId;
    private final String serverVersion;

    private DatabaseSnapshot(Database database, Connection connection, String snapshotId, String serverVersion) {
        this.database = database;
        this.connection = connection;
        this.snapshotId = snapshotId;
        this.serverVersion = serverVersion;
    }

    private static Properties properties(Database database) {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        if (database.password() != null) {
            props.setProperty("password", database.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "lifeboat-backup");
        return props;
    }

    static DatabaseSnapshot open(Database database) throws DumpFailure {
        Connection connection;
        try {
            connection = DriverManager.getConnection(database.jdbcUrl(), properties(database));
        } catch (SQLException e) {
            throw new DumpFailure(DumpFailure.Kind.DATABASE_UNREACHABLE, "database '" + database.name() + "' at "
                    + database.host() + ":" + database.port() + " is unreachable: " + e.getMessage(), e);
        }
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), current_setting('server_version')")) {
                rs.next();
                return new DatabaseSnapshot(database, connection, rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot export a snapshot of database '"
                    + database.name() + "': " + e.getMessage(), e);
        }
    }

    String snapshotId() {
        return snapshotId;
    }

    String serverVersion() {
        return serverVersion;
    }

    /**
     * Fingerprints of every table in this snapshot; with {@code parallelism} above 1 (and PostgreSQL 14 or later,
     * for TID range scans) large tables are split into block ranges fingerprinted by extra connections that import
     * this snapshot, and the parts combined: the result is identical, the wall time shorter where cores are free.
     */
    Map<String, TableFingerprint> fingerprints(int parallelism) throws DumpFailure {
        try {
            if (parallelism <= 1 || serverVersionNum() < 140000) {
                return TableFingerprints.of(connection);
            }
            return ParallelFingerprints.of(connection, this::importingConnection, parallelism);
        } catch (SQLException e) {
            throw new DumpFailure(DumpFailure.Kind.DUMP_FAILED, "cannot fingerprint tables: " + e.getMessage(), e);
        }
    }

    private int serverVersionNum() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A new connection in a repeatable-read transaction that sees exactly this snapshot. */
    private Connection importingConnection() throws SQLException {
        Connection c = DriverManager.getConnection(database.jdbcUrl(), properties(database));
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION SNAPSHOT '" + snapshotId.replace("'", "''") + "'");
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    static void closeQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection may be gone already; closing is all that is left
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
