package io.lifeboat.restore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.restore.run.RestoreFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A server program whose run is given up (its thread interrupted) is stopped with everything it started. */
class ScratchClusterIT {

    @Test
    void anInterruptedInitdbIsStoppedWithItsChildren() throws Exception {
        // the server user must reach the cluster directory, so not below the owner-only JUnit directory
        Path scratch = Files.createTempDirectory("lb-interrupt-");
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        AtomicReference<ScratchCluster> cluster = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            cluster.set(ScratchCluster.prepare(scratch, "interrupted", Optional.empty()));
            Thread runner = new Thread(() -> {
                try {
                    cluster.get().initdbAndStart();
                } catch (RestoreFailure e) {
                    failure.set(e);
                }
            });
            runner.start();
            while (initdb().isEmpty()) {
                assertThat(runner.isAlive()).as("initdb still starting").isTrue();
                Thread.sleep(10);
            }
            runner.interrupt();
            runner.join();

            assertThat(initdb()).as("initdb processes still running").isEmpty();
            assertThat(failure.get()).hasMessageContaining("interrupted while running").hasMessageContaining("initdb")
                    .hasMessageContaining("which was stopped");
        } finally {
            if (cluster.get() != null) {
                cluster.get().close();
            }
            ScratchCluster.delete(scratch);
        }
    }

    private static List<ProcessHandle> initdb() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().filter(c -> c.endsWith("initdb")).isPresent()).toList();
    }
}
