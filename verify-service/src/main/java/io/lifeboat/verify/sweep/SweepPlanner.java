package io.lifeboat.verify.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the copies to verify within a byte budget. A copy is due when it was never verified or its last check is
 * older than the re-verify period minus one day (so a daily sweep reaches it before the period ends). Never-verified
 * copies go first, then the oldest checks. A copy larger than what is left of the budget is deferred, and smaller
 * ones after it may still fit.
 */
public final class SweepPlanner {

    private static final Duration SWEEP_INTERVAL = Duration.ofDays(1);

    private final Duration reverifyEvery;

    public SweepPlanner(Duration reverifyEvery) {
        this.reverifyEvery = reverifyEvery;
    }

    public boolean isDue(CopyDue copy, Instant now) {
        return copy.lastVerified().map(at -> !at.plus(reverifyEvery).minus(SWEEP_INTERVAL).isAfter(now))
                .orElse(true);
    }

    /**
     * @param budgetBytes what today may still read
     * @param onlyNew     only copies never verified (the hourly pass that catches new copies within hours)
     */
    public SweepPlan plan(List<CopyDue> copies, Instant now, long budgetBytes, boolean onlyNew) {
        List<CopyDue> due = copies.stream()
                .filter(c -> onlyNew ? c.lastVerified().isEmpty() : isDue(c, now))
                .sorted(Comparator.<CopyDue, Boolean>comparing(c -> c.lastVerified().isPresent())
                        .thenComparing(c -> c.lastVerified().orElse(Instant.MIN))
                        .thenComparing(CopyDue::completedAt)
                        .thenComparing(CopyDue::backupId).thenComparing(CopyDue::location))
                .toList();
        List<CopyDue> verify = new ArrayList<>();
        List<CopyDue> deferred = new ArrayList<>();
        long left = budgetBytes;
        for (CopyDue copy : due) {
            if (copy.storedBytes() <= left) {
                verify.add(copy);
                left -= copy.storedBytes();
            } else {
                deferred.add(copy);
            }
        }
        return new SweepPlan(verify, budgetBytes - left, deferred);
    }
}
