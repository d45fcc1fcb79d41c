package io.lifeboat.backup.schedule;

import io.lifeboat.backup.run.BackupTrigger;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
class BackupSchedule {

    private final BackupTrigger trigger;

    BackupSchedule(BackupTrigger trigger) {
        this.trigger = trigger;
    }

    @Scheduled(cron = "${lifeboat.backup.cron}", zone = "UTC")
    void dailyFull() {
        trigger.start(BackupTrigger.Trigger.SCHEDULED);
    }
}
