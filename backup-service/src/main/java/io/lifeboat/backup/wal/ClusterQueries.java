package io.lifeboat.backup.wal;

import io.lifeboat.backup.config.BackupProperties;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The few SQL questions WAL archiving asks the streamed cluster. */
final class ClusterQueries {

    private final BackupProperties.Database db;

    ClusterQueries(BackupProperties.Database db) {
        this.db = db;
    }

    String systemIdentifier() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    long segmentSize() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT setting::bigint * CASE unit WHEN 'B' THEN 1 WHEN 'kB' THEN 1024"
                     + " WHEN 'MB' THEN 1048576 ELSE 1 END FROM pg_settings WHERE name = 'wal_segment_size'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Closes the current segment if it holds any WAL (needs EXECUTE on pg_switch_wal). */
    void switchWal() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_switch_wal()");
        }
    }

    /** Bytes the server wrote beyond what the slot has received; null if the slot does not exist yet. */
    Long lagBytes(String slot) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots"
                        + " WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? (Long) rs.getObject(1, Long.class) : null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        if (db.password() != null) {
            props.setProperty("password", db.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "lifeboat-wal");
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }
}
