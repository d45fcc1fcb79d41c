package io.lifeboat.restore.dr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A declared disaster was closed: which phases were completed, late or never completed. */
public record DrClosing(String drId, String closedBy, Instant closedAt, Duration duration, List<String> completed,
                        List<String> late, List<String> skipped, String summary) {

    public DrClosing {
        completed = List.copyOf(completed);
        late = List.copyOf(late);
        skipped = List.copyOf(skipped);
    }

    /** Every phase completed within its time box. */
    public boolean withinActivationTime() {
        return late.isEmpty() && skipped.isEmpty();
    }
}
