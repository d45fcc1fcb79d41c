package io.lifeboat.format.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the directory holding initdb, pg_ctl, pg_dump and the other PostgreSQL programs: {@code pg_config --bindir},
 * then the newest {@code /usr/lib/postgresql/<major>/bin}, then PATH. Never a hard-coded version.
 */
public final class PostgresTools {

    private PostgresTools() {
    }

    /** The bin directory, or an exception that says which packages to install. */
    public static Path binDir() {
        return fromPgConfig().or(PostgresTools::fromUsrLib).or(PostgresTools::fromPath)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found:"
                        + " tried 'pg_config --bindir', /usr/lib/postgresql/*/bin and PATH;"
                        + " install the Debian packages postgresql and postgresql-client"));
    }

    /** The program {@code name} in {@code configured} when given, else in {@link #binDir()}. */
    public static Path tool(String name, Optional<Path> configured) {
        Path dir = configured.orElseGet(PostgresTools::binDir);
        Path tool = dir.resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException("PostgreSQL program '" + name + "' not found in '" + dir + "'");
        }
        return tool;
    }

    public static Path tool(String name) {
        return tool(name, Optional.empty());
    }

    private static Optional<Path> fromPgConfig() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return withInitdb(Path.of(out));
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static Optional<Path> fromUsrLib() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .flatMap(p -> withInitdb(p.resolve("bin")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> fromPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(Path::of)
                .map(PostgresTools::withInitdb).flatMap(Optional::stream).findFirst();
    }

    private static Optional<Path> withInitdb(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) ? Optional.of(dir) : Optional.empty();
    }
}
