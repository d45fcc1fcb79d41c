package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.restore.config.RestoreProperties.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/** The server a restore writes to: creating the new database, refusing an existing one, fingerprinting it. */
final class TargetDatabase {

    private final Target target;

    TargetDatabase(Target target) {
        this.target = target;
    }

    /** Creates {@code name}; refuses when it already exists, so a restore never overwrites data. */
    void create(String name) throws RestoreFailure {
        try (Connection c = connect(target.maintenanceDatabase())) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        throw new RestoreFailure("target database '" + name + "' already exists on " + target
                                + "; a restore never overwrites an existing database");
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot create target database '" + name + "' on " + target + ": "
                    + e.getMessage(), e);
        }
    }

    Map<String, TableFingerprint> fingerprints(String name) throws RestoreFailure {
        try (Connection c = connect(name)) {
            return TableFingerprints.of(c);
        } catch (SQLException e) {
            throw new RestoreFailure("cannot fingerprint restored database '" + name + "': " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", target.user());
        if (target.password() != null) {
            props.setProperty("password", target.password());
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("ApplicationName", "lifeboat-restore");
        return DriverManager.getConnection(target.jdbcUrl(database), props);
    }
}
