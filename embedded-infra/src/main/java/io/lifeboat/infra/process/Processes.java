package io.lifeboat.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion and fails with its output when it exits non-zero. */
public final class Processes {

    private Processes() {
    }

    /** Runs {@code command}, waits at most {@code timeoutSeconds}, and returns its combined output. */
    public static String run(List<String> command, Path logFile, long timeoutSeconds) {
        try {
            Files.createDirectories(logFile.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + command.get(0) + "' did not finish within "
                        + timeoutSeconds + " s; output in " + logFile);
            }
            String output = Files.readString(logFile);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' exited with "
                        + p.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run '" + command.get(0) + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + command.get(0) + "'", e);
        }
    }

    /** A TCP port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }

    /** {@code command} as is, or run as {@code user} through runuser when this process is root. */
    public static List<String> asUser(String user, List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
