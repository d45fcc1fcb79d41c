package io.lifeboat.format.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Per-table fingerprints of a live database, equal to the ones {@link DumpArchiveFingerprints} takes from a
 * {@code pg_dump -Fc -Z0 -E UTF8} of the same data: each table is read with {@code COPY ... TO STDOUT} in a session
 * set up the way pg_dump's is (ISO dates, postgres interval style, {@code extra_float_digits} 3, UTC, hex bytea,
 * UTF-8; the backup runs pg_dump with the same settings) and fed to a {@link CopyTextFingerprint}. Used to prove
 * that a restore brought every row back, and by tests to check a backup's fingerprints against its source.
 *
 * <p>The tables are the ones pg_dump dumps data for by default: ordinary tables (partitions included, each on its
 * own; partitioned parents hold no rows) outside the system schemas, neither temporary nor part of an extension.
 * The settings are made for the session of the connection given.
 */
public final class TableFingerprints {

    private static final String USER_TABLES = """
            SELECT n.nspname, c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND c.relpersistence <> 't'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY 1, 2""";

    /** The session settings pg_dump's COPY output depends on, as the backup also gives them to pg_dump. */
    public static final Map<String, String> SESSION_SETTINGS = Map.of("DateStyle", "ISO", "IntervalStyle",
            "postgres", "extra_float_digits", "3", "TimeZone", "UTC", "bytea_output", "hex");

    private TableFingerprints() {
    }

    /** A table whose data is fingerprinted. */
    public record Table(String schema, String table) {
        /** The key of its fingerprint: {@code schema.table}. */
        public String name() {
            return schema + "." + table;
        }
    }

    /** Fingerprints of every table pg_dump would dump data for, keyed by {@code schema.table}. */
    public static Map<String, TableFingerprint> of(Connection connection) throws SQLException {
        Map<String, TableFingerprint> result = new TreeMap<>();
        for (Table t : tables(connection)) {
            result.put(t.name(), of(connection, t.schema(), t.table()));
        }
        return result;
    }

    /** The fingerprint of one table. */
    public static TableFingerprint of(Connection connection, String schema, String table) throws SQLException {
        prepare(connection);
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY " + quote(schema) + "." + quote(table) + " TO STDOUT");
        CopyTextFingerprint fingerprint = new CopyTextFingerprint();
        for (byte[] row; (row = copy.readFromCopy()) != null; ) {
            fingerprint.update(row, 0, row.length);
        }
        return fingerprint.result();
    }

    /** The tables {@link #of(Connection)} fingerprints, in its order. */
    public static List<Table> tables(Connection connection) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                tables.add(new Table(rs.getString(1), rs.getString(2)));
            }
        }
        return tables;
    }

    private static void prepare(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (Map.Entry<String, String> setting : SESSION_SETTINGS.entrySet()) {
                s.execute("SET " + setting.getKey() + " = '" + setting.getValue() + "'");
            }
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
