package io.lifeboat.runtime;

import io.lifeboat.infra.process.Directories;
import io.lifeboat.runtime.demo.Demonstration;
import io.lifeboat.runtime.demo.StepResult;
import io.lifeboat.runtime.system.LocalSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code LocalRuntime [--keep-running] [--work-dir DIR] [--policy FILE]}: starts the embedded default and runs the
 * demonstration (the policy defaults to {@code config/policy.yml} found from the working directory upwards).
 * Exits 0 only when every step passed. With {@code --keep-running} everything stays up until Ctrl-C.
 */
public final class LocalRuntime {

    private LocalRuntime() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean keepRunning = false;
        Path workDir = null;
        Path policy = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keep-running" -> keepRunning = true;
                case "--work-dir" -> workDir = Path.of(args[++i]);
                case "--policy" -> policy = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown option '" + args[i] + "'; usage: LocalRuntime [--keep-running]"
                            + " [--work-dir DIR] [--policy FILE]");
                    System.exit(2);
                }
            }
        }
        boolean temporary = workDir == null;
        if (temporary) {
            workDir = Files.createTempDirectory("lifeboat-");
        }
        Instant start = Instant.now();
        say("Lifeboat embedded default, working directory " + workDir);
        LocalSystem system = policy == null ? LocalSystem.start(workDir, LocalRuntime::say)
                : LocalSystem.start(workDir, policy, LocalRuntime::say);
        say("all services up in " + Duration.between(start, Instant.now()).toSeconds() + " s");
        List<StepResult> results;
        try (Demonstration demo = new Demonstration(system, LocalRuntime::say)) {
            results = demo.run();
            boolean passed = !results.isEmpty() && results.stream().allMatch(StepResult::passed);
            say("");
            say("demonstration " + (passed ? "PASSED" : "FAILED") + " in "
                    + Duration.between(start, Instant.now()).toSeconds() + " s");
            if (keepRunning) {
                say("everything keeps running (--keep-running); press Ctrl-C to stop");
                CountDownLatch stop = new CountDownLatch(1);
                Path dir = workDir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    system.close();
                    if (temporary) {
                        Directories.deleteTree(dir);
                    }
                    stop.countDown();
                }));
                stop.await();
                return;
            }
            system.close();
            if (temporary) {
                Directories.deleteTree(workDir);
            }
            System.exit(passed ? 0 : 1);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
