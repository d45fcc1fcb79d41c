package io.lifeboat.verify.catalogue;

import java.util.List;

/** A backup as BackupCompleted announced it. */
public record AnnouncedBackup(String backupId, String correlationId, String manifestKey, String manifestSha256,
                              List<String> storedAt) {

    public AnnouncedBackup {
        storedAt = List.copyOf(storedAt);
    }
}
