package io.lifeboat.verify.catalogue;

import java.time.Instant;
import java.util.List;

/**
 * A backup as BackupCompleted announced it.
 *
 * @param dataType    the DataType event enum name (DATABASE_DUMP, DATABASE_BASE, ...)
 * @param storedBytes bytes stored per copy, the basis of the size anomaly rule
 * @param storedAt    names of the locations that stored a copy
 */
public record AnnouncedBackup(String backupId, String correlationId, String dataType, Instant completedAt,
                              String manifestKey, String manifestSha256, long storedBytes, List<String> storedAt) {

    public AnnouncedBackup {
        storedAt = List.copyOf(storedAt);
    }
}
