package io.lifeboat.restore.run;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a restore, with the time from request to verified target against the RTO of the asset.
 *
 * @param target         where the data went: a database, a table in a database, or a data directory
 * @param sourceLocation the storage location whose copy was used
 */
public record RestoreResult(String restoreId, String backupId, Method method, String target, String requestedBy,
                            Outcome outcome, String sourceLocation, Duration duration, Duration rto,
                            Map<String, Long> tableRowCounts, String detail) {

    /** Whether the target holds the backup's data, verified. */
    public enum Outcome {
        SUCCEEDED, FAILED
    }

    /** What kind of restore (the names of the RestoreMethod event enum). */
    public enum Method {
        LOGICAL, PHYSICAL, POINT_IN_TIME, SINGLE_TABLE
    }

    public RestoreResult {
        tableRowCounts = Map.copyOf(tableRowCounts);
    }

    public boolean rtoMet() {
        return outcome == Outcome.SUCCEEDED && duration.compareTo(rto) <= 0;
    }
}
