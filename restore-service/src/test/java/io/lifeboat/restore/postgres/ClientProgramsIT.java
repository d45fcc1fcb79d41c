package io.lifeboat.restore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.restore.config.RestoreProperties.Target;
import io.lifeboat.restore.run.RestoreFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client program whose run is given up (the restore runner's thread interrupted as the service stops) is stopped
 * with it: a pg_restore --clean left running would go on replacing the target after its restore was reported failed.
 */
class ClientProgramsIT {

    private static PostgresCluster pg;

    @BeforeAll
    static void start() {
        pg = PostgresCluster.start("client-programs");
        pg.createDatabase("live");
        pg.execute("live", "CREATE TABLE calls (id int)", "INSERT INTO calls VALUES (1)");
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void anInterruptedPgRestoreIsStoppedAndDoesNotTouchTheTargetAfterwards() throws Exception {
        Target target = new Target(pg.host(), pg.port(), "postgres", "", "postgres");
        ClientPrograms programs = new ClientPrograms(Optional.empty());
        Path dump = Files.createTempFile("client-programs-", ".pgdump");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            programs.run(target, "pg_dump", List.of("-Fc", "-f", dump.toString(), "-d", "live"));
            pg.execute("live", "INSERT INTO calls VALUES (2)");
            try (Connection locker = pg.connect("live"); Statement lock = locker.createStatement()) {
                locker.setAutoCommit(false);
                lock.execute("LOCK TABLE calls IN ACCESS EXCLUSIVE MODE");
                Thread runner = new Thread(() -> {
                    try {
                        programs.run(target, "pg_restore", List.of("--clean", "--if-exists", "-d", "live",
                                dump.toString()));
                    } catch (RestoreFailure e) {
                        failure.set(e);
                    }
                });
                runner.start();
                awaitWaitingForLock();
                runner.interrupt();
                runner.join();

                assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command()
                        .filter(c -> c.endsWith("pg_restore")).isPresent()).filter(ProcessHandle::isAlive).toList())
                        .as("pg_restore processes still running").isEmpty();
                locker.rollback();
            }
            // nothing finishes the replacement once the lock is gone (the server would finish a waiting DROP of a
            // client that is gone: its session is ended too)
            try (Connection c = pg.connect("live"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM calls")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
            assertThat(failure.get()).hasMessage("interrupted while running pg_restore, which was stopped");
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /** Until a session other than this one waits for the lock on calls. */
    private static void awaitWaitingForLock() throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'live'"
                         + " AND wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("pg_restore never waited for the lock on calls");
    }
}
