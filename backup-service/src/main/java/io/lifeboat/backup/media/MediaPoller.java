package io.lifeboat.backup.media;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.PendingCopy;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.BackupReporter;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.format.storage.ListedObject;
import io.lifeboat.format.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the media mirror every {@code poll-interval} on its own thread, not through the backup trigger, so new media
 * is stored within the interval even while a long database dump holds the trigger. A step runs only when something
 * is due; a backlog larger than one backup is stored as several, one right after the other.
 *
 * <p>Each step that ran is announced as BackupStarted (with its real start time) followed by BackupCompleted or
 * BackupFailed. Failures that repeat poll after poll (a source or primary outage) are one incident: the first is
 * announced as BackupFailed and logged, the following ones only logged at debug level, and the end of the outage is
 * logged with how long it lasted. The source is tried again every poll, and since nothing is marked mirrored until
 * its backup is committed, nothing is lost.
 */
final class MediaPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MediaPoller.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final MediaMirror mirror;
    private final Catalogue catalogue;
    private final BackupReporter reporter;
    private final Copies copies;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService poller;
    private int failedPolls;
    private Instant failingSince;

    MediaPoller(MediaMirror mirror, Catalogue catalogue, BackupReporter reporter, Copies copies, Duration interval,
                Clock clock) {
        this.mirror = mirror;
        this.catalogue = catalogue;
        this.reporter = reporter;
        this.copies = copies;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public void start() {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-mirror");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One poll: recall the mirrored objects if that has not succeeded yet, then store what is due. */
    void poll() {
        try {
            if (!mirror.recalled()) {
                try {
                    mirror.recall(catalogue);
                } catch (RuntimeException e) {
                    failedWithoutStep("the media already mirrored cannot be read from the catalogue: "
                            + e.getMessage());
                    return;
                }
            }
            List<ListedObject> due;
            try {
                due = mirror.due();
            } catch (StorageException e) {
                failedWithoutStep("media source " + mirror.source() + " cannot be listed: " + e.getMessage());
                return;
            }
            if (due.isEmpty()) {
                recovered();
                return;
            }
            boolean more = true;
            while (more && !Thread.currentThread().isInterrupted()) {
                BackupOutcome outcome = step();
                more = outcome instanceof BackupOutcome.Completed c
                        && c.manifest().objects().size() >= mirror.maxObjects() && !mirror.due().isEmpty();
            }
        } catch (StorageException e) {
            failedWithoutStep("media source " + mirror.source() + " cannot be listed: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("media mirror poll failed unexpectedly", e);
        }
    }

    private BackupOutcome step() {
        String backupId = ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant started = clock.instant();
        BackupOutcome outcome;
        try {
            outcome = mirror.run(backupId);
        } catch (RuntimeException e) {
            log.error("media backup {} failed unexpectedly", backupId, e);
            outcome = new BackupOutcome.Failed(backupId, MediaMirror.DATA_TYPE, mirror.source(),
                    BackupOutcome.FailureReason.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (outcome instanceof BackupOutcome.Completed c) {
            recovered();
            log.info("media backup {} stored {} objects of {}", backupId, c.manifest().objects().size(),
                    mirror.source());
            publish(backupId, () -> {
                reporter.started(backupId, MediaMirror.DATA_TYPE, mirror.source(), BackupTrigger.Trigger.ON_CHANGE,
                        1, started);
                reporter.completed(c);
            });
            c.copies().stream().filter(copy -> copy.state() == BackupOutcome.CopyState.PENDING)
                    .forEach(copy -> copies.retryLater(new PendingCopy(backupId, MediaMirror.DATA_TYPE,
                            c.manifestKey(), c.manifestSha256(), copy.location(), copy.tier())));
        } else if (outcome instanceof BackupOutcome.Failed f && firstFailure(f.detail())) {
            publish(backupId, () -> {
                reporter.started(backupId, MediaMirror.DATA_TYPE, mirror.source(), BackupTrigger.Trigger.ON_CHANGE,
                        1, started);
                reporter.failed(f, 1, clock.instant().plus(interval));
            });
        }
        return outcome;
    }

    /** A poll that failed before a step could start: announced as a failed step if it starts an outage. */
    private void failedWithoutStep(String detail) {
        if (firstFailure(detail)) {
            String backupId = ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
            BackupOutcome.Failed failed = new BackupOutcome.Failed(backupId, MediaMirror.DATA_TYPE, mirror.source(),
                    BackupOutcome.FailureReason.STORAGE_UNAVAILABLE, detail);
            publish(backupId, () -> {
                reporter.started(backupId, MediaMirror.DATA_TYPE, mirror.source(), BackupTrigger.Trigger.ON_CHANGE,
                        1, clock.instant());
                reporter.failed(failed, 1, clock.instant().plus(interval));
            });
        }
    }

    /** Counts a failed poll; true for the first of an outage (which is announced). */
    private boolean firstFailure(String detail) {
        failedPolls++;
        if (failedPolls == 1) {
            failingSince = clock.instant();
            log.warn("media mirror of {} failed; trying again every {} until it works: {}", mirror.source(),
                    interval, detail);
            return true;
        }
        log.debug("media mirror of {} still failing ({} polls since {}): {}", mirror.source(), failedPolls,
                failingSince, detail);
        return false;
    }

    private void recovered() {
        if (failedPolls > 0) {
            log.info("media mirror of {} works again after {} failed polls since {}", mirror.source(), failedPolls,
                    failingSince);
            failedPolls = 0;
            failingSince = null;
        }
    }

    private static void publish(String backupId, Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            log.error("media backup {} could not be announced: {}", backupId, e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }
}
