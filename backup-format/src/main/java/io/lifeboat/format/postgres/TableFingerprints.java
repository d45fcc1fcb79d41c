package io.lifeboat.format.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Per-table fingerprints of a live database, equal to the ones {@link DumpArchiveScanner} takes from a
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
            SELECT n.nspname, c.relname, pg_relation_size(c.oid) / current_setting('block_size')::bigint
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r' AND c.relpersistence <> 't'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY 1, 2""";

    /** The columns COPY of a table prints, in its order, as a select list. */
    private static final String COPY_COLUMNS = """
            SELECT coalesce(string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), '')
              FROM pg_attribute a
             WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass
               AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''""";

    /** The session settings pg_dump's COPY output depends on, as the backup also gives them to pg_dump. */
    public static final Map<String, String> SESSION_SETTINGS = Map.of("DateStyle", "ISO", "IntervalStyle",
            "postgres", "extra_float_digits", "3", "TimeZone", "UTC", "bytea_output", "hex");

    private TableFingerprints() {
    }

    /** A table whose data is fingerprinted, and the size of its heap in blocks when it was listed. */
    public record Table(String schema, String table, long blocks) {
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
        return copy(connection, "COPY " + quote(schema) + "." + quote(table) + " TO STDOUT");
    }

    /**
     * The part of a table's fingerprint over its heap blocks {@code [fromBlock, toBlock)} ({@code toBlock} null: to
     * the end). Parts over disjoint ranges that cover the table, taken while it does not change, {@link #combine
     * combine} to exactly {@link #of(Connection, String, String)}; each part reads only its blocks (TID range scan,
     * PostgreSQL 14 or later), so parts can be computed in parallel by several connections.
     */
    public static TableFingerprint ofBlocks(Connection connection, String schema, String table, long fromBlock,
                                            Long toBlock) throws SQLException {
        if (fromBlock < 0 || (toBlock != null && toBlock <= fromBlock)) {
            throw new IllegalArgumentException("invalid block range [" + fromBlock + ", " + toBlock + ")");
        }
        String columns;
        try (PreparedStatement s = connection.prepareStatement(COPY_COLUMNS)) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                columns = rs.getString(1);
            }
        }
        // COPY of a query prints the same text per value as COPY of the table; the column list is COPY's own
        // (no generated columns), so that a row's line is the same either way
        return copy(connection, "COPY (SELECT " + columns + " FROM " + quote(schema) + "." + quote(table)
                + " WHERE ctid >= '(" + fromBlock + ",0)'::tid"
                + (toBlock == null ? "" : " AND ctid < '(" + toBlock + ",0)'::tid") + ") TO STDOUT");
    }

    /** The fingerprint of the union of disjoint parts of a table: counts add up, hashes add up modulo 2^64. */
    public static TableFingerprint combine(List<TableFingerprint> parts) {
        long rows = 0;
        long sum = 0;
        for (TableFingerprint part : parts) {
            rows += part.rows();
            sum += Long.parseUnsignedLong(part.contentHash(), 16);
        }
        return new TableFingerprint(rows, HexFormat.of().toHexDigits(sum));
    }

    private static TableFingerprint copy(Connection connection, String copySql) throws SQLException {
        prepare(connection);
        CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql);
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
                tables.add(new Table(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return tables;
    }

    /** Makes the session's COPY text pg_dump's, in one round trip. */
    private static void prepare(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT");
        SESSION_SETTINGS.forEach((name, value) -> sql.append(sql.length() > 6 ? ", " : " ")
                .append("set_config('").append(name).append("', '").append(value).append("', false)"));
        try (Statement s = connection.createStatement()) {
            s.executeQuery(sql.toString()).close();
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
