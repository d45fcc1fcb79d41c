package io.lifeboat.verify.monitoring;

import io.lifeboat.verify.location.StorageUse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the monitoring rules look at, taken at {@code now}.
 *
 * @param backups                completed backups (any data type, any order)
 * @param failures               failed backup attempts
 * @param storage                how full each measurable location is
 * @param newestRecoverablePoint the newest point a restore can reach (newest WAL segment or backup); empty when
 *                               nothing is known yet
 */
public record Observations(Instant now, List<BackupFact> backups, List<FailureFact> failures,
                           List<StorageUse> storage, Optional<Instant> newestRecoverablePoint) {

    public Observations {
        backups = List.copyOf(backups);
        failures = List.copyOf(failures);
        storage = List.copyOf(storage);
    }

    /** A completed backup: what the size and age rules need. */
    public record BackupFact(String backupId, String dataType, Instant completedAt, long storedBytes) {
    }

    /** A failed backup attempt. */
    public record FailureFact(String backupId, String dataType, Instant failedAt, String detail) {
    }
}
