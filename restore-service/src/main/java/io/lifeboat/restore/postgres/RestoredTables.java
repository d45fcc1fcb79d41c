package io.lifeboat.restore.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a restored database holds, as compared with a backup's manifest: the fingerprint of every table, keyed by
 * {@code schema.table}, and for each partition among them the root of its partition tree. The roots matter because
 * a row's partition can differ from the source's (hash partitioning on an enum, whose values get new OIDs in the
 * restored database, so pg_dump loads such trees through their root): such a tree is proven as a whole.
 */
public record RestoredTables(Map<String, TableFingerprint> fingerprints, Map<String, String> partitionRoots) {

    private static final String PARTITION_ROOTS = """
            SELECT n.nspname, c.relname, rn.nspname, r.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_class r ON r.oid = pg_partition_root(c.oid)
              JOIN pg_namespace rn ON rn.oid = r.relnamespace
             WHERE c.relispartition AND c.relkind = 'r'""";

    public RestoredTables {
        fingerprints = Map.copyOf(fingerprints);
        partitionRoots = Map.copyOf(partitionRoots);
    }

    /** The root ({@code schema.table}) of every partition holding rows in the database of {@code connection}. */
    public static Map<String, String> partitionRoots(Connection connection) throws SQLException {
        Map<String, String> roots = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(PARTITION_ROOTS)) {
            while (rs.next()) {
                roots.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3) + "." + rs.getString(4));
            }
        }
        return roots;
    }
}
