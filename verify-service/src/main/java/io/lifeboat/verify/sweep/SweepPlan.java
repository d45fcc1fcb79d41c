package io.lifeboat.verify.sweep;

import java.util.List;

/**
 * Today's work.
 *
 * @param verify        copies to verify now, in order
 * @param plannedBytes  bytes they read
 * @param deferred      copies due that the budget does not cover today (the policy's period is at risk when this
 *                      is not empty for long)
 */
public record SweepPlan(List<CopyDue> verify, long plannedBytes, List<CopyDue> deferred) {

    public SweepPlan {
        verify = List.copyOf(verify);
        deferred = List.copyOf(deferred);
    }
}
