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

/**
 * Per-table fingerprints of a database: row count and an order-independent content hash, the sum over all rows of
 * the first 64 bits of {@code md5(row::text)}. It is computed by one streaming aggregate per table (no sort, no
 * memory proportional to the table), inside whatever snapshot the caller's transaction holds, so a backup can take
 * it in the same snapshot as its dump and a restore can recompute it to prove every row came back unchanged.
 */
public final class TableFingerprints {

    private static final String USER_TABLES = """
            SELECT n.nspname, c.relname, c.relpages
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
               AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1, 2""";

    private TableFingerprints() {
    }

    /** Fingerprints of every user table, keyed by {@code schema.table}. */
    public static Map<String, TableFingerprint> of(Connection connection) throws SQLException {
        Map<String, TableFingerprint> result = new TreeMap<>();
        for (String[] table : userTables(connection)) {
            result.put(table[0] + "." + table[1], of(connection, table[0], table[1]));
        }
        return result;
    }

    /** The fingerprint of one table. */
    public static TableFingerprint of(Connection connection, String schema, String table) throws SQLException {
        return query(connection, quote(schema) + "." + quote(table), "");
    }

    /**
     * The part of a table's fingerprint over heap blocks {@code [fromBlock, toBlock)} ({@code toBlock} null: to the
     * end). Parts over disjoint ranges that cover the table, taken in one snapshot, {@link #combine combine} to
     * exactly {@link #of(Connection, String, String)}; with PostgreSQL 14 or later each part reads only its blocks
     * (TID range scan), so parts can be computed in parallel by connections sharing an exported snapshot.
     */
    public static TableFingerprint ofBlocks(Connection connection, String schema, String table, long fromBlock,
                                            Long toBlock) throws SQLException {
        if (fromBlock < 0 || (toBlock != null && toBlock <= fromBlock)) {
            throw new IllegalArgumentException("invalid block range [" + fromBlock + ", " + toBlock + ")");
        }
        return query(connection, quote(schema) + "." + quote(table), " WHERE t.ctid >= '(" + fromBlock + ",0)'::tid"
                + (toBlock == null ? "" : " AND t.ctid < '(" + toBlock + ",0)'::tid"));
    }

    /** The fingerprint of the union of disjoint parts: counts and content hashes add up. */
    public static TableFingerprint combine(List<TableFingerprint> parts) {
        long rows = 0;
        java.math.BigDecimal hash = java.math.BigDecimal.ZERO;
        for (TableFingerprint part : parts) {
            rows += part.rows();
            hash = hash.add(new java.math.BigDecimal(part.contentHash()));
        }
        return new TableFingerprint(rows, hash.toPlainString());
    }

    private static TableFingerprint query(Connection connection, String name, String where) throws SQLException {
        String sql = "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint), 0)"
                + " FROM " + name + " AS t" + where;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new TableFingerprint(rs.getLong(1), rs.getBigDecimal(2).toPlainString());
        }
    }

    private static List<String[]> userTables(Connection connection) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        for (Table t : tables(connection)) {
            tables.add(new String[] {t.schema(), t.table()});
        }
        return tables;
    }

    /** A user table that {@link #of(Connection)} fingerprints, with its size in heap blocks as last estimated. */
    public record Table(String schema, String table, long estimatedBlocks) {
        public String name() {
            return schema + "." + table;
        }
    }

    /** The tables {@link #of(Connection)} fingerprints, in its order. */
    public static List<Table> tables(Connection connection) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                tables.add(new Table(rs.getString(1), rs.getString(2), Math.max(0, rs.getLong(3))));
            }
        }
        return tables;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
