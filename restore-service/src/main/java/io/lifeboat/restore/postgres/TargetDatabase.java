package io.lifeboat.restore.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.restore.config.RestoreProperties.Target;
import io.lifeboat.restore.run.RestoreFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** A server restores write to: creating a new database, refusing an existing one, fingerprinting, dropping. */
public final class TargetDatabase {

    private final Target target;

    public TargetDatabase(Target target) {
        this.target = target;
    }

    public boolean exists(String name) throws RestoreFailure {
        try (Connection c = connect(target.maintenanceDatabase());
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot reach target " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code name} for restore {@code restoreId} and marks it as that restore's (its comment,
     * {@link #createdBy}); refuses when it already exists, so a restore never overwrites data. A database whose mark
     * cannot be set is dropped again: only a marked database may ever be dropped by the start-up undo.
     */
    public void create(String name, String restoreId) throws RestoreFailure {
        if (exists(name)) {
            throw new RestoreFailure("target database '" + name + "' already exists on " + target
                    + "; a restore never overwrites an existing database");
        }
        execute(target.maintenanceDatabase(), "CREATE DATABASE " + quote(name));
        try {
            execute(target.maintenanceDatabase(), "COMMENT ON DATABASE " + quote(name) + " IS "
                    + literal(mark(restoreId)));
        } catch (RestoreFailure e) {
            drop(name);
            throw e;
        }
    }

    /**
     * Whether {@code name} exists and carries the mark {@link #create} gave it for {@code restoreId}: the proof that
     * this restore, and nobody else, created it. A database of the same name made by another restore or by hand is
     * not marked so, and must never be dropped as this restore's leftover.
     */
    public boolean createdBy(String name, String restoreId) throws RestoreFailure {
        try (Connection c = connect(target.maintenanceDatabase());
             PreparedStatement comment = c.prepareStatement(
                     "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            comment.setString(1, name);
            try (ResultSet rs = comment.executeQuery()) {
                return rs.next() && mark(restoreId).equals(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot read the comment of database '" + name + "' on " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /** The comment of a database restore {@code restoreId} created. */
    public static String mark(String restoreId) {
        return "created by lifeboat restore " + restoreId;
    }

    /** Drops {@code name} if it exists (scratch databases only). */
    public void drop(String name) throws RestoreFailure {
        execute(target.maintenanceDatabase(), "DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
    }

    public void execute(String database, String... statements) throws RestoreFailure {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new RestoreFailure("statement failed in database '" + database + "' on " + target + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code statements} in {@code database} in one transaction: all of them take effect, or (one fails) none.
     */
    public void executeAtomically(String database, String... statements) throws RestoreFailure {
        try (Connection c = connect(database)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RestoreFailure("transaction failed and was rolled back in database '" + database + "' on "
                    + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fingerprints of every table of {@code name}, computed over {@code parallelism} connections (large tables split
     * by block range); the database must not change meanwhile.
     */
    public Map<String, TableFingerprint> fingerprints(String name, int parallelism) throws RestoreFailure {
        try {
            return ParallelFingerprints.of(() -> connect(name), parallelism);
        } catch (SQLException e) {
            throw new RestoreFailure("cannot fingerprint restored database '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The root of the partition tree of every partition of {@code name}, keyed by {@code schema.table}. */
    public Map<String, String> partitionRoots(String name) throws RestoreFailure {
        try (Connection c = connect(name)) {
            return RestoredTables.partitionRoots(c);
        } catch (SQLException e) {
            throw new RestoreFailure("cannot list the partitions of restored database '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /** Exact row counts of every table {@link #fingerprints} would fingerprint, keyed by {@code schema.table}. */
    public Map<String, Long> rowCounts(String database) throws RestoreFailure {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (TableFingerprints.Table t : TableFingerprints.tables(c)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(t.schema()) + "."
                        + quote(t.table()))) {
                    rs.next();
                    rows.put(t.name(), rs.getLong(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new RestoreFailure("cannot count the rows of database '" + database + "': " + e.getMessage(), e);
        }
    }

    /** The fingerprint of {@code schema.table} in {@code database}. */
    public TableFingerprint fingerprint(String database, String schema, String table) throws RestoreFailure {
        try (Connection c = connect(database)) {
            return TableFingerprints.of(c, schema, table);
        } catch (SQLException e) {
            throw new RestoreFailure("cannot fingerprint table '" + schema + "." + table + "' in '" + database
                    + "': " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "lifeboat-restore");
        return DriverManager.getConnection(target.jdbcUrl(database), props);
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
