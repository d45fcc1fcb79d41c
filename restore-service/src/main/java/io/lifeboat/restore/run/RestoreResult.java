package io.lifeboat.restore.logical;

import java.time.Duration;
import java.util.Map;

/** The outcome of a restore, with the time from request to verified target against the RTO. */
public record RestoreResult(RestoreRequest request, Outcome outcome, String sourceLocation, Duration duration,
                            Duration rto, Map<String, Long> tableRowCounts, String detail) {

    /** Whether the target holds the backup's data, verified. */
    public enum Outcome {
        SUCCEEDED, FAILED
    }

    public RestoreResult {
        tableRowCounts = Map.copyOf(tableRowCounts);
    }

    public boolean rtoMet() {
        return outcome == Outcome.SUCCEEDED && duration.compareTo(rto) <= 0;
    }
}
