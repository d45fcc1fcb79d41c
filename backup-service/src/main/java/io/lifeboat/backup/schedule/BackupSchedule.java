package io.lifeboat.backup.schedule;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.backup.run.DatabaseBackup;
import io.lifeboat.backup.run.PhysicalBackup;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.backup.retention.RetentionRun;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs the daily full backup (base backup and dump) on the cron of the policy's {@value #DATABASE_FULL} entry, in UTC. Off when
 * {@code lifeboat.backup.schedule-enabled} is false. Retention runs daily on {@code lifeboat.backup.retention-cron}.
 */
@Component
class BackupSchedule implements SchedulingConfigurer {

    static final String DATABASE_FULL = "database-full";
    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

    private final BackupTrigger trigger;
    private final Policy policy;
    private final boolean enabled;
    private final RetentionRun retention;
    private final Clock clock;
    private final String retentionCron;

    BackupSchedule(BackupTrigger trigger, Policy policy, BackupProperties properties, RetentionRun retention,
                   Clock clock) {
        this.trigger = trigger;
        this.retention = retention;
        this.clock = clock;
        this.retentionCron = properties.retentionCron();
        this.policy = policy;
        this.enabled = properties.scheduleEnabled();
    }

    /** The daily full: a physical base backup and a logical dump (DESIGN, "PostgreSQL, done the way ..."). */
    void dailyFull() {
        trigger.start(BackupTrigger.Trigger.SCHEDULED, PhysicalBackup.DATA_TYPE);
        trigger.start(BackupTrigger.Trigger.SCHEDULED, DatabaseBackup.DATA_TYPE);
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
        registrar.addTriggerTask(this::dailyFull,
                new CronTrigger(full.cron().get(), TimeZone.getTimeZone(ZoneOffset.UTC)));
        log.info("daily full backup scheduled at '{}' UTC (policy schedule '{}')", full.cron().get(), DATABASE_FULL);
        registrar.addTriggerTask(() -> retention.run(clock.instant()),
                new CronTrigger(retentionCron, TimeZone.getTimeZone(ZoneOffset.UTC)));
        log.info("retention runs at '{}' UTC", retentionCron);
    }
}
