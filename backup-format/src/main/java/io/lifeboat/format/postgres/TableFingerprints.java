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
            SELECT n.nspname, c.relname
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
        String name = quote(schema) + "." + quote(table);
        String sql = "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint), 0)"
                + " FROM " + name + " AS t";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new TableFingerprint(rs.getLong(1), rs.getBigDecimal(2).toPlainString());
        }
    }

    private static List<String[]> userTables(Connection connection) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(USER_TABLES)) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return tables;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
