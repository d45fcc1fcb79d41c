package io.lifeboat.backup.schedule;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.AbandonedWrites;
import io.lifeboat.backup.retention.RetentionRun;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.backup.run.DatabaseBackup;
import io.lifeboat.backup.run.PhysicalBackup;
import io.lifeboat.format.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs the daily full backup (base backup and dump) on the cron of the policy's {@value #DATABASE_FULL} entry, in
 * UTC, each occurrence claimed by one instance only ({@link ScheduledRuns}). At start-up, each data type of the
 * latest occurrence with no backup committed since it (no instance was up, or its run died or failed) is caught up
 * once, under a lease of its own. Retention runs daily on
 * {@code lifeboat.backup.retention-cron}, followed by housekeeping: leftovers of interrupted writes at every location
 * ({@link AbandonedWrites}) and schedule leases older than {@link #LEASES_KEPT} are removed. Off when
 * {@code lifeboat.backup.schedule-enabled} is false.
 */
@Component
class BackupSchedule implements SchedulingConfigurer {

    static final String DATABASE_FULL = "database-full";
    /** Lease of catching up an occurrence of {@value #DATABASE_FULL} at start-up. */
    static final String CATCH_UP = "database-full-catch-up";
    static final String RETENTION = "retention";
    /** The data types the daily full backs up. */
    static final List<String> FULL = List.of(PhysicalBackup.DATA_TYPE, DatabaseBackup.DATA_TYPE);
    static final Duration LEASES_KEPT = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

    private final BackupTrigger trigger;
    private final Policy policy;
    private final boolean enabled;
    private final RetentionRun retention;
    private final AbandonedWrites abandonedWrites;
    private final ScheduledRuns runs;
    private final Catalogue catalogue;
    private final Clock clock;
    private final String retentionCron;

    BackupSchedule(BackupTrigger trigger, Policy policy, BackupProperties properties, RetentionRun retention,
                   AbandonedWrites abandonedWrites, ScheduledRuns runs, Catalogue catalogue, Clock clock) {
        this.trigger = trigger;
        this.policy = policy;
        this.enabled = properties.scheduleEnabled();
        this.retention = retention;
        this.abandonedWrites = abandonedWrites;
        this.runs = runs;
        this.catalogue = catalogue;
        this.clock = clock;
        this.retentionCron = properties.retentionCron();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (!enabled) {
            log.info("backup schedule is off (lifeboat.backup.schedule-enabled=false)");
            return;
        }
        Policy.ScheduleEntry full = policy.schedule().get(DATABASE_FULL);
        if (full == null || full.cron().isEmpty()) {
            throw new IllegalStateException("policy has no cron for schedule '" + DATABASE_FULL + "'");
        }
        CronExpression fullCron = CronExpression.parse(full.cron().get());
        registrar.addTriggerTask(() -> dailyFull(fullCron),
                new CronTrigger(full.cron().get(), TimeZone.getTimeZone(ZoneOffset.UTC)));
        log.info("daily full backup scheduled at '{}' UTC (policy schedule '{}')", full.cron().get(), DATABASE_FULL);
        CronExpression retentionExpression = CronExpression.parse(retentionCron);
        registrar.addTriggerTask(() -> {
            Instant now = clock.instant();
            CronSlots.lastAtOrBefore(retentionExpression, now).filter(slot -> runs.claim(RETENTION, slot))
                    .ifPresent(slot -> {
                        retention.run(now);
                        abandonedWrites.remove(now);
                        runs.pruneLeases(now.minus(LEASES_KEPT));
                    });
        }, new CronTrigger(retentionCron, TimeZone.getTimeZone(ZoneOffset.UTC)));
        log.info("retention runs at '{}' UTC", retentionCron);
        catchUp(fullCron);
    }

    /** The daily full: a physical base backup and a logical dump (DESIGN, "PostgreSQL, done the way ..."). */
    private void dailyFull(CronExpression cron) {
        Optional<Instant> slot = CronSlots.lastAtOrBefore(cron, clock.instant());
        if (slot.isPresent() && runs.claim(DATABASE_FULL, slot.get())) {
            FULL.forEach(dataType -> trigger.start(BackupTrigger.Trigger.SCHEDULED, dataType));
        }
    }

    /**
     * Runs the latest occurrence again, once, for each data type of the daily full that has no backup committed
     * since it. It claims a lease of its own: the occurrence's lease is taken when its run was claimed and then died
     * (or failed) without committing, which is a run to catch up as much as one no instance was up for. Only when no
     * other instance claimed the occurrence: this one died with the run it had claimed, but another may still be
     * taking its own (it catches up itself if it dies; if it never comes back, the backup-age alert says so).
     */
    private void catchUp(CronExpression cron) {
        Optional<Instant> last = CronSlots.lastAtOrBefore(cron, clock.instant());
        if (last.isEmpty()) {
            return;
        }
        List<String> missed = new ArrayList<>();
        try {
            for (String dataType : FULL) {
                if (catalogue.list(Optional.of(dataType)).stream().allMatch(m -> m.startedAt().isBefore(last.get()))) {
                    missed.add(dataType);
                }
            }
        } catch (RuntimeException e) {
            log.warn("missed runs cannot be checked now (catalogue unavailable): {}", e.getMessage());
            return;
        }
        if (missed.isEmpty()) {
            return;
        }
        Optional<String> other;
        try {
            other = runs.claimedByAnother(DATABASE_FULL, last.get());
        } catch (RuntimeException e) {
            log.warn("missed runs cannot be checked now (lease unreadable): {}", e.getMessage());
            return;
        }
        if (other.isPresent()) {
            log.info("the run of '{}' at {} left no {} committed yet; it is not caught up here: instance '{}' claimed it"
                    + " and may still be taking it", DATABASE_FULL, last.get(), missed, other.get());
            return;
        }
        if (runs.claim(CATCH_UP, last.get())) {
            log.info("the run of '{}' at {} left no {} committed; catching it up", DATABASE_FULL, last.get(), missed);
            missed.forEach(dataType -> trigger.start(BackupTrigger.Trigger.CATCH_UP, dataType));
        }
    }
}
