package io.lifeboat.restore.dr;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A completed phase of a declared disaster (policy 6.3).
 *
 * @param index     1-based position of the phase in the policy
 * @param checklist the policy's checklist items in order, each with whether it was done
 * @param elapsed   from the declaration to this completion
 * @param deadline  the policy's "ends-after" of the phase, from the declaration
 */
public record DrPhaseCompletion(String drId, String phase, int index, Map<String, Boolean> checklist,
                                String completedBy, Instant completedAt, Duration elapsed, Duration deadline,
                                String notes) {

    public DrPhaseCompletion {
        checklist = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checklist));
    }

    public boolean withinTimeBox() {
        return elapsed.compareTo(deadline) <= 0;
    }
}
