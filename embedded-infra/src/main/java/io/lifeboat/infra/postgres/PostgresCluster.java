package io.lifeboat.infra.postgres;

import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.infra.process.Directories;
import io.lifeboat.infra.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster made with {@code initdb} in a fresh temporary directory, listening on a free port on
 * 127.0.0.1 with trust authentication for the superuser {@code postgres}, and WAL settings that allow base backups
 * and WAL streaming. PostgreSQL refuses to run as root, so when this JVM is root the server programs run as the
 * {@code postgres} system user.
 */
public final class PostgresCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresCluster.class);
    public static final String SUPERUSER = "postgres";
    private static final String OS_USER = "postgres";

    private final Path dir;
    private final Path dataDir;
    private final int port;

    private PostgresCluster(Path dir, int port) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.port = port;
    }

    /** Creates and starts a new cluster; {@code name} only labels its directory. */
    public static PostgresCluster start(String name) {
        Path dir;
        try {
            dir = Files.createTempDirectory("lifeboat-pg-" + name + "-");
            giveToServerUser(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for PostgreSQL cluster '" + name + "'", e);
        }
        PostgresCluster cluster = new PostgresCluster(dir, Processes.freePort());
        cluster.initdb();
        cluster.start();
        log.info("PostgreSQL cluster '{}' ready on port {} ({})", name, cluster.port, dir);
        return cluster;
    }

    private void initdb() {
        Processes.run(Processes.asUser(OS_USER, List.of(
                        PostgresTools.tool("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                        "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")),
                dir.resolve("initdb.log"), 120);
        try {
            Files.writeString(dataDir.resolve("postgresql.auto.conf"), String.join("\n",
                    "listen_addresses = '127.0.0.1'",
                    "port = " + port,
                    "unix_socket_directories = '" + dir + "'",
                    "wal_level = replica",
                    "max_wal_senders = 10",
                    "max_replication_slots = 10",
                    "fsync = off",
                    "synchronous_commit = off",
                    "shared_buffers = 32MB",
                    "max_connections = 50",
                    ""), java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure PostgreSQL cluster in '" + dataDir + "'", e);
        }
    }

    /** Starts the server (it is started already after {@link #start(String)}); waits until it accepts connections. */
    public void start() {
        Processes.run(Processes.asUser(OS_USER, List.of(PostgresTools.tool("pg_ctl").toString(),
                "-D", dataDir.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start")),
                dir.resolve("pg_ctl.log"), 90);
    }

    /** Stops the server (fast shutdown), as when the database goes down. */
    public void stop() {
        if (Files.exists(dataDir.resolve("postmaster.pid"))) {
            Processes.run(Processes.asUser(OS_USER, List.of(PostgresTools.tool("pg_ctl").toString(),
                    "-D", dataDir.toString(), "-m", "fast", "-w", "stop")), dir.resolve("pg_ctl.log"), 90);
        }
    }

    public boolean isRunning() {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    }

    /** Runs SQL statements (separated by the caller) in {@code database}, autocommit. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in database '" + database + "' on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("could not stop PostgreSQL on port {}: {}", port, e.getMessage());
        }
        Directories.deleteTree(dir);
    }

    private static void giveToServerUser(Path dir) throws IOException {
        if (Processes.isRoot()) {
            UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
            Files.setOwner(dir, user);
        }
    }

    /** Command-line arguments that connect a PostgreSQL client program to {@code database}. */
    public List<String> clientArgs(String database) {
        return new ArrayList<>(List.of("-h", host(), "-p", Integer.toString(port), "-U", SUPERUSER, "-d", database));
    }
}
