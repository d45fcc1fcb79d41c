package io.lifeboat.restore.postgres;

import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.restore.config.RestoreProperties.Target;
import io.lifeboat.restore.run.RestoreFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs PostgreSQL client programs (pg_restore, pg_dump) against a target; the password goes in the environment. */
public final class ClientPrograms {

    private final Optional<Path> binDir;

    public ClientPrograms(Optional<Path> binDir) {
        this.binDir = binDir;
    }

    /** Runs {@code program} with the connection arguments of {@code target} then {@code args}; fails on non-zero. */
    public void run(Target target, String program, List<String> args) throws RestoreFailure {
        List<String> command = new ArrayList<>();
        command.add(PostgresTools.tool(program, binDir).toString());
        command.addAll(List.of("--no-password", "-h", target.host(), "-p", Integer.toString(target.port()),
                "-U", target.user()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (target.password() != null && !target.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", target.password());
        }
        Path log = null;
        try {
            log = Files.createTempFile("lifeboat-" + program + "-", ".log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new RestoreFailure(program + " did not finish within 6 hours");
            }
            if (process.exitValue() != 0) {
                throw new RestoreFailure(program + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new RestoreFailure("cannot run " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure("interrupted while running " + program, e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover log in the temp directory holds no secret
                }
            }
        }
    }
}
