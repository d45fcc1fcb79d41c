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
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Runs PostgreSQL client programs (pg_restore, pg_dump) against a target; the password goes in the environment. */
public final class ClientPrograms {

    private final Optional<Path> binDir;

    public ClientPrograms(Optional<Path> binDir) {
        this.binDir = binDir;
    }

    /**
     * Runs {@code program} with the connection arguments of {@code target} then {@code args}; fails on non-zero. A run
     * given up (interrupted, timed out) stops the program and ends its sessions on the target: the server would
     * otherwise finish a statement of a client that is gone (a DROP waiting for a lock, say).
     */
    public void run(Target target, String program, List<String> args) throws RestoreFailure {
        List<String> command = new ArrayList<>();
        command.add(PostgresTools.tool(program, binDir).toString());
        command.addAll(List.of("--no-password", "-h", target.host(), "-p", Integer.toString(target.port()),
                "-U", target.user()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String session = "lifeboat-" + program + "-" + UUID.randomUUID();
        builder.environment().put("PGAPPNAME", session);
        if (target.password() != null && !target.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", target.password());
        }
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("lifeboat-" + program + "-", ".log");
            builder.redirectOutput(log.toFile());
            process = builder.start();
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                stop(process);
                throw new RestoreFailure(program + " did not finish within 6 hours, and was stopped"
                        + endSessions(target, session));
            }
            if (process.exitValue() != 0) {
                throw new RestoreFailure(program + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new RestoreFailure("cannot run " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop(process);
            String ended = endSessions(target, session);
            Thread.currentThread().interrupt();
            throw new RestoreFailure("interrupted while running " + program + ", which was stopped" + ended, e);
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

    /**
     * Terminates the target's sessions named {@code session}, waiting up to 10 s for each to be gone (PostgreSQL 14
     * or later); says so if it cannot.
     */
    private static String endSessions(Target target, String session) {
        try {
            new TargetDatabase(target).execute(target.maintenanceDatabase(), "SELECT pg_terminate_backend(pid, 10000)"
                    + " FROM pg_stat_activity WHERE application_name = '" + session + "'");
            return "";
        } catch (RestoreFailure e) {
            return "; its sessions on the target could not be ended, check for them by hand: " + e.getMessage();
        }
    }

    /**
     * Kills {@code process} and everything it started (pg_restore's parallel workers, the program runuser runs) and
     * waits for it to end: a run that is given up (interrupted by the service stopping, or timed out) must not leave
     * a program writing to the target after its restore was reported failed.
     */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
