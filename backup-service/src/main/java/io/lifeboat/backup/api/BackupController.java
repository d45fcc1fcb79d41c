package io.lifeboat.backup.api;

import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.backup.run.DatabaseBackup;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/backups")
class BackupController {

    private final BackupTrigger trigger;

    BackupController(BackupTrigger trigger) {
        this.trigger = trigger;
    }

    /**
     * Starts a backup of {@code dataType} (DATABASE_DUMP by default, or DATABASE_BASE) now; 202 with its id.
     * BackupStarted, then BackupCompleted or BackupFailed with that id follow on Kafka. 400 for an unknown type.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> start(@RequestParam(defaultValue = DatabaseBackup.DATA_TYPE) String dataType) {
        if (!trigger.dataTypes().contains(dataType)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown data type '" + dataType
                    + "' (known: " + trigger.dataTypes() + ")");
        }
        return Map.of("backupId", trigger.start(BackupTrigger.Trigger.MANUAL, dataType).backupId(),
                "dataType", dataType, "status", "STARTED");
    }
}
