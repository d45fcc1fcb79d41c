package io.lifeboat.backup.dump;

import io.lifeboat.backup.config.BackupProperties.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * An open repeatable-read transaction whose snapshot is exported for pg_dump. Keep it open until pg_dump has
 * finished: the snapshot lives as long as this transaction.
 */
final class DatabaseSnapshot implements AutoCloseable {

    private final Connection connection;
    private final String snapshotId;
    private final String serverVersion;

    private DatabaseSnapshot(Connection connection, String snapshotId, String serverVersion) {
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
                return new DatabaseSnapshot(connection, rs.getString(1), rs.getString(2));
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
