package io.lifeboat.backup.run;

import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Starts backup runs one at a time, from the schedule or a request, and reports every outcome. */
@Service
public class BackupTrigger implements AutoCloseable {

    /** What started a run. */
    public enum Trigger {
        SCHEDULED, MANUAL
    }

    private static final Logger log = LoggerFactory.getLogger(BackupTrigger.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final DatabaseBackup backup;
    private final BackupReporter reporter;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backup-runner");
        t.setDaemon(true);
        return t;
    });

    public BackupTrigger(DatabaseBackup backup, BackupReporter reporter, Clock clock) {
        this.backup = backup;
        this.reporter = reporter;
        this.clock = clock;
    }

    /** A started run: its id, and a future that completes with its outcome once it is reported. */
    public record Started(String backupId, Future<BackupOutcome> outcome) {
    }

    public Started start(Trigger trigger) {
        String backupId = ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Future<BackupOutcome> outcome = runner.submit(() -> runAndReport(backupId, trigger));
        return new Started(backupId, outcome);
    }

    private BackupOutcome runAndReport(String backupId, Trigger trigger) {
        log.info("backup {} of '{}' started ({})", backupId, backup.source(), trigger);
        BackupOutcome outcome;
        try {
            outcome = backup.run(backupId);
        } catch (RuntimeException e) {
            log.error("backup {} failed unexpectedly", backupId, e);
            outcome = new BackupOutcome.Failed(backupId, backup.source(), FailureReason.INTERNAL_ERROR,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (outcome instanceof BackupOutcome.Failed f) {
            log.warn("backup {} failed ({}): {}", backupId, f.reason(), f.detail());
        } else {
            log.info("backup {} completed", backupId);
        }
        try {
            reporter.report(outcome, trigger);
        } catch (RuntimeException e) {
            log.error("outcome of backup {} could not be published: {}", backupId, e.getMessage(), e);
        }
        return outcome;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
