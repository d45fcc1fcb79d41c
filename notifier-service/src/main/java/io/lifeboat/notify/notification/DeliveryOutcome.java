package io.lifeboat.notify.notification;

import java.util.Objects;

/** How handing a notification to a channel ended, and after how many attempts. */
public sealed interface DeliveryOutcome {

    int attempts();

    /** The channel accepted the notification. */
    record Delivered(int attempts) implements DeliveryOutcome {

        public Delivered {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
        }
    }

    /**
     * The channel did not accept the notification.
     *
     * @param permanent true when the channel refused it (retrying cannot help); false when it was unreachable or
     *                  overloaded until the retries ran out
     * @param reason    the last failure in words (an HTTP status or an I/O error); never contains secrets
     */
    record Failed(int attempts, boolean permanent, String reason) implements DeliveryOutcome {

        public Failed {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The channel's circuit breaker is open: nothing was sent this time. The notification stays queued for the
     * channel and the policy's fallback channel carries the alert meanwhile.
     */
    record Unavailable(int attempts, String reason) implements DeliveryOutcome {

        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
