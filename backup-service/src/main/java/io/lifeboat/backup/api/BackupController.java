package io.lifeboat.backup.api;

import io.lifeboat.backup.run.BackupTrigger;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/backups")
class BackupController {

    private final BackupTrigger trigger;

    BackupController(BackupTrigger trigger) {
        this.trigger = trigger;
    }

    /** Starts a backup now; 202 with its id. BackupCompleted or BackupFailed with that id follows on Kafka. */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> start() {
        return Map.of("backupId", trigger.start(BackupTrigger.Trigger.MANUAL).backupId(), "status", "STARTED");
    }
}
