package io.lifeboat.verify.integrity;

import java.time.Duration;
import java.util.List;

/** What verifying one backup's copy at one location found. */
public record CopyReport(String backupId, String location, Outcome outcome, List<Finding> findings,
                         long bytesVerified, Duration duration) {

    public CopyReport {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
