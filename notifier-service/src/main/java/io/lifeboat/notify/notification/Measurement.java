package io.lifeboat.notify.notification;

import java.util.Objects;

/**
 * What a monitoring rule observed against the limit it enforces, both as the rule words them.
 *
 * @param observed  e.g. "26.5 h since the last backup"
 * @param threshold e.g. "25 h (policy 10.1)"
 */
public record Measurement(String observed, String threshold) {

    public Measurement {
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(threshold, "threshold");
    }
}
