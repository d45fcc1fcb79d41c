package io.lifeboat.restore.postgres;

import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.restore.config.RestoreProperties.Target;
import io.lifeboat.restore.run.RestoreFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL server in a fresh directory under the scratch directory: made with initdb (or from a
 * restored data directory), listening on a free port on 127.0.0.1 with trust authentication for the local
 * superuser only. PostgreSQL refuses to run as root, so when this JVM is root the server programs run as the
 * {@code postgres} system user. {@link #close()} stops it and removes the directory, also after a failure.
 */
public final class ScratchCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScratchCluster.class);
    public static final String SUPERUSER = "postgres";
    private static final String OS_USER = "postgres";

    private final Path dir;
    private final Path dataDir;
    private final Optional<Path> binDir;
    private final boolean throwaway;
    private int port;

    private ScratchCluster(Path dir, Path dataDir, Optional<Path> binDir, boolean throwaway, int port) {
        this.dir = dir;
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.throwaway = throwaway;
        this.port = port;
    }

    /**
     * A server in {@code dataDir} that is kept: a restore target. Its log and socket live in the data directory;
     * {@link #close()} only stops it.
     */
    public static ScratchCluster kept(Path dataDir, int port, Optional<Path> binDir) {
        return new ScratchCluster(dataDir, dataDir, binDir, false, port);
    }

    /**
     * A cluster a service that died left in {@code dir} (its data directory {@code dataDir}), to be got rid of:
     * {@link #close()} stops its server, if one still runs, immediately, and removes {@code dir}.
     */
    public static ScratchCluster abandoned(Path dir, Path dataDir, Optional<Path> binDir) {
        return new ScratchCluster(dir, dataDir, binDir, true, 0);
    }

    /** A new directory for a cluster under {@code scratchRoot}, owned by the server user; nothing runs yet. */
    public static ScratchCluster prepare(Path scratchRoot, String name, Optional<Path> binDir) throws RestoreFailure {
        try {
            Files.createDirectories(scratchRoot);
            letServerUserTraverse(scratchRoot);
            Path dir = Files.createTempDirectory(scratchRoot, "lifeboat-" + name + "-");
            giveToServerUser(dir);
            return new ScratchCluster(dir, dir.resolve("data"), binDir, true, 0);
        } catch (IOException e) {
            throw new RestoreFailure("cannot create a scratch cluster directory in '" + scratchRoot + "': "
                    + e.getMessage(), e);
        }
    }

    /** Creates an empty cluster with initdb and starts it. */
    public ScratchCluster initdbAndStart() throws RestoreFailure {
        run(List.of(tool("initdb"), "-D", dataDir.toString(), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
                "--locale=C.UTF-8", "--no-sync"), 120);
        configure(List.of());
        return start();
    }

    /** Appends the listening settings and {@code extra} settings to the data directory's postgresql.auto.conf. */
    public void configure(List<String> extra) throws RestoreFailure {
        if (port == 0) {
            port = freePort();
        }
        List<String> lines = new ArrayList<>(List.of("listen_addresses = '127.0.0.1'", "port = " + port,
                "unix_socket_directories = '" + dir + "'", "archive_mode = off"));
        if (throwaway) {
            // a throwaway cluster needs neither durability nor many connections; a kept one keeps the source's
            // max_connections (recovery refuses a lower value than the primary's)
            lines.addAll(List.of("fsync = off", "max_connections = 20"));
        }
        lines.addAll(extra);
        try {
            Files.writeString(dataDir.resolve("postgresql.auto.conf"), "\n" + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new RestoreFailure("cannot configure scratch cluster in '" + dataDir + "': " + e.getMessage(), e);
        }
    }

    /** Starts the server and waits until it accepts connections (a recovering server: until recovery ends). */
    public ScratchCluster start() throws RestoreFailure {
        run(List.of(tool("pg_ctl"), "-D", dataDir.toString(), "-l", dir.resolve("server.log").toString(), "-w",
                "-t", "3600", "start"), 3700);
        return this;
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** Gives {@code root} and everything below it to the server user when this JVM is root. */
    public static void handOver(Path dir) throws RestoreFailure {
        try {
            try (var paths = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    giveToServerUser(p);
                }
            }
        } catch (IOException e) {
            throw new RestoreFailure("cannot hand '" + dir + "' to the server user: " + e.getMessage(), e);
        }
    }

    /** The server's log, for failure messages. */
    public String serverLog() {
        try {
            String log = Files.readString(dir.resolve("server.log"));
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException e) {
            return "";
        }
    }

    /** How to reach it as a restore target. */
    public Target target() {
        return new Target("127.0.0.1", port, SUPERUSER, "", "postgres");
    }

    /** Whether a server runs in the data directory (its postmaster.pid exists). */
    public boolean isRunning() {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }

    /**
     * Stops the server if it runs: immediate for a throwaway cluster, fast (clean) for a kept one. Not cut short by
     * an interrupt (a run given up still stops its server): the thread's interrupt is kept for after it.
     */
    public void stop() {
        if (isRunning()) {
            boolean interrupted = Thread.interrupted();
            try {
                run(List.of(tool("pg_ctl"), "-D", dataDir.toString(), "-m", throwaway ? "immediate" : "fast", "-w",
                        "stop"), 120);
            } catch (RestoreFailure | RuntimeException e) {
                log.warn("could not stop the server in '{}': {}", dataDir, e.getMessage());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops the server; a throwaway cluster's directory is deleted too. */
    @Override
    public void close() {
        stop();
        if (throwaway) {
            deleteTree(dir);
        }
    }

    /** Deletes everything below {@code root} and {@code root} itself. */
    public static void delete(Path root) {
        deleteTree(root);
    }

    private String tool(String name) {
        return PostgresTools.tool(name, binDir).toString();
    }

    private void run(List<String> command, long timeoutSeconds) throws RestoreFailure {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path logFile = dir.resolve(Path.of(command.get(0)).getFileName() + ".log");
        Process p = null;
        try {
            p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                ClientPrograms.stop(p);
                throw new RestoreFailure("'" + command.get(0) + "' did not finish within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new RestoreFailure("'" + Path.of(command.get(0)).getFileName() + "' failed (exit "
                        + p.exitValue() + "): " + Files.readString(logFile).strip() + " " + serverLog().strip());
            }
        } catch (IOException e) {
            throw new RestoreFailure("cannot run '" + command.get(0) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            ClientPrograms.stop(p);
            Thread.currentThread().interrupt();
            throw new RestoreFailure("interrupted while running '" + command.get(0) + "', which was stopped", e);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToServerUser(Path path) throws IOException {
        if (isRoot()) {
            UserPrincipal user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
            Files.setOwner(path, user);
        }
    }

    /** The server user must reach its directory through the scratch root (search permission only). */
    private static void letServerUserTraverse(Path scratchRoot) throws IOException {
        if (isRoot() && Files.getFileAttributeView(scratchRoot, java.nio.file.attribute.PosixFileAttributeView.class)
                != null) {
            var permissions = new java.util.HashSet<>(Files.getPosixFilePermissions(scratchRoot));
            if (permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(scratchRoot, permissions);
            }
            for (Path p = scratchRoot.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(
                        java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IOException("the server user '" + OS_USER + "' cannot reach scratch directory '"
                            + scratchRoot + "': '" + p + "' gives others no search permission; choose a scratch"
                            + " directory below one it can enter (e.g. /var/lib/lifeboat/scratch) or run as a"
                            + " non-root user");
                }
            }
        }
    }

    public static int freePort() throws RestoreFailure {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new RestoreFailure("no free TCP port on 127.0.0.1", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("could not remove '{}': {}", root, e.getMessage());
        }
    }
}
