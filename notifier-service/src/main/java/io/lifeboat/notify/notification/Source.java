package io.lifeboat.notify.notification;

import java.time.Instant;
import java.util.Objects;

/**
 * The event an alert comes from.
 *
 * @param eventId       the event's header eventId (its idempotency key)
 * @param eventType     the event's type, e.g. "AlertRaised"
 * @param correlationId ties the alert to the backup, check or restore it is about
 * @param occurredAt    when the event happened
 */
public record Source(String eventId, String eventType, String correlationId, Instant occurredAt) {

    public Source {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
