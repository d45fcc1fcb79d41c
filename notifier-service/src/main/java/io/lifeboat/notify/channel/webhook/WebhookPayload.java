package io.lifeboat.notify.channel.webhook;

import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Measurement;
import io.lifeboat.notify.notification.Notification;

/**
 * The JSON body a webhook receives (version 1). Fields are only ever added; {@code observedValue} and
 * {@code threshold} are null when the fact is not a measurement. {@code incident} (added later in version 1) is the
 * alert id every event about the same condition shares.
 */
public record WebhookPayload(int version, String notificationId, String channel, String severity, String title,
                             String whatHappened, String observedValue, String threshold, String subject,
                             String runbookStep, String correlationId, String sourceEventId, String sourceEventType,
                             String occurredAt, String incident) {

    static final int VERSION = 1;

    static WebhookPayload of(Notification notification) {
        Alert alert = notification.alert();
        return new WebhookPayload(VERSION, notification.id(), notification.channel(), alert.severity().name(),
                alert.title(), alert.whatHappened(),
                alert.measured().map(Measurement::observed).orElse(null),
                alert.measured().map(Measurement::threshold).orElse(null),
                alert.subject(), alert.runbookStep(), alert.source().correlationId(), alert.source().eventId(),
                alert.source().eventType(), alert.source().occurredAt().toString(), alert.incident());
    }
}
