package io.lifeboat.backup.run;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.PendingCopy;
import io.lifeboat.backup.run.BackupOutcome.CopyState;
import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts backup runs one at a time, from the schedule or a request, and reports every attempt. An attempt that failed
 * for a cause that may pass (database or storage unreachable) is tried again after {@code retry.delay}, under the
 * same backup id, up to {@code retry.max-attempts} attempts in all.
 */
@Service
public class BackupTrigger implements AutoCloseable {

    /** What started an attempt. */
    public enum Trigger {
        SCHEDULED, MANUAL, RETRY, CATCH_UP, ON_CHANGE
    }

    private static final Logger log = LoggerFactory.getLogger(BackupTrigger.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Map<String, BackupJob> jobs;
    private final BackupReporter reporter;
    private final Copies copies;
    private final BackupProperties.Retry retry;
    private final Clock clock;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backup-runner");
        t.setDaemon(true);
        return t;
    });

    public BackupTrigger(List<BackupJob> jobs, BackupReporter reporter, Copies copies, BackupProperties properties,
                         Clock clock) {
        this.jobs = jobs.stream().collect(Collectors.toUnmodifiableMap(BackupJob::dataType, j -> j));
        this.reporter = reporter;
        this.copies = copies;
        this.retry = properties.retry();
        this.clock = clock;
    }

    /** A started run: its id, and a future that completes with the outcome of its last attempt. */
    public record Started(String backupId, CompletableFuture<BackupOutcome> outcome) {
    }

    /** The data types this trigger can back up. */
    public Set<String> dataTypes() {
        return new TreeSet<>(jobs.keySet());
    }

    /** Starts a backup of {@code dataType} (a DataType event name, e.g. DATABASE_DUMP). */
    public Started start(Trigger trigger, String dataType) {
        BackupJob backup = jobs.get(dataType);
        if (backup == null) {
            throw new IllegalArgumentException("unknown data type '" + dataType + "' (known: " + dataTypes() + ")");
        }
        String backupId = ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<BackupOutcome> outcome = new CompletableFuture<>();
        runner.execute(() -> attempt(backup, backupId, trigger, 1, outcome));
        return new Started(backupId, outcome);
    }

    private void attempt(BackupJob backup, String backupId, Trigger trigger, int attempt,
                         CompletableFuture<BackupOutcome> result) {
        log.info("backup {} of '{}' started ({}, attempt {})", backupId, backup.source(), trigger, attempt);
        try {
            reporter.started(backupId, backup.dataType(), backup.source(), trigger, attempt, clock.instant());
        } catch (RuntimeException e) {
            log.warn("start of backup {} could not be announced: {}", backupId, e.getMessage());
        }
        BackupOutcome outcome;
        try {
            outcome = backup.run(backupId);
        } catch (RuntimeException e) {
            log.error("backup {} failed unexpectedly", backupId, e);
            outcome = new BackupOutcome.Failed(backupId, backup.dataType(), backup.source(),
                    FailureReason.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (outcome instanceof BackupOutcome.Failed f) {
            boolean again = f.reason().mayPass() && attempt < retry.maxAttempts();
            Instant next = again ? clock.instant().plus(retry.delay()) : null;
            log.warn("backup {} attempt {} failed ({}): {}{}", backupId, attempt, f.reason(), f.detail(),
                    again ? "; next attempt at " + next : "");
            publish(() -> reporter.failed(f, attempt, next), backupId);
            if (again) {
                runner.schedule(() -> attempt(backup, backupId, Trigger.RETRY, attempt + 1, result),
                        retry.delay().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        } else if (outcome instanceof BackupOutcome.Completed c) {
            log.info("backup {} completed", backupId);
            publish(() -> reporter.completed(c), backupId);
            c.copies().stream().filter(copy -> copy.state() == CopyState.PENDING).forEach(copy -> copies.retryLater(
                    new PendingCopy(backupId, c.manifest().dataType(), c.manifestKey(), c.manifestSha256(),
                            copy.location(), copy.tier())));
        }
        result.complete(outcome);
    }

    private static void publish(Runnable send, String backupId) {
        try {
            send.run();
        } catch (RuntimeException e) {
            log.error("outcome of backup {} could not be published: {}", backupId, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
