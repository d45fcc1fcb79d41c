package io.lifeboat.notify.messaging;

import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.notify.NotificationFailed;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.events.notify.AlertAcknowledged;
import io.lifeboat.notify.api.AcknowledgementPublisher;
import io.lifeboat.events.notify.NotificationEscalated;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.DeliveryReporter;
import io.lifeboat.notify.notification.EscalationReporter;
import java.time.Instant;
import java.util.List;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Source;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Publishes every delivery outcome as NotificationDelivered or NotificationFailed (keyed by notificationId),
 * escalations as NotificationEscalated and acknowledgements as AlertAcknowledged (keyed by alertId).
 */
@Component
class OutcomePublisher implements DeliveryReporter, EscalationReporter, AcknowledgementPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);

    private final StreamBridge bridge;
    private final EventHeaders headers;

    OutcomePublisher(StreamBridge bridge, EventHeaders headers) {
        this.bridge = bridge;
        this.headers = headers;
    }

    @Override
    public void report(Notification n, DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Delivered d) {
            delivered(n, d);
        } else if (outcome instanceof DeliveryOutcome.Failed f) {
            failed(n, f);
        } else if (outcome instanceof DeliveryOutcome.Unavailable u) {
            failed(n, new DeliveryOutcome.Failed(Math.max(1, u.attempts()), false, u.reason()));
        }
    }

    private void delivered(Notification n, DeliveryOutcome.Delivered d) {
        Source source = n.alert().source();
        log.info("notification {} ({} {}) delivered on {} after {} attempt(s)", n.id(), source.eventType(),
                source.eventId(), n.channel(), d.attempts());
        send(Topics.NOTIFICATION_DELIVERED, n.id(), NotificationDelivered.newBuilder()
                .setHeader(headers.next(source.correlationId()))
                .setNotificationId(n.id())
                .setSourceEventId(source.eventId())
                .setSourceEventType(source.eventType())
                .setChannel(n.channel())
                .setAttempts(d.attempts())
                .build());
    }

    private void failed(Notification n, DeliveryOutcome.Failed f) {
        Source source = n.alert().source();
        log.warn("notification {} ({} {}) NOT delivered on {} after {} attempt(s), {}: {}", n.id(),
                source.eventType(), source.eventId(), n.channel(), f.attempts(),
                f.permanent() ? "refused" : "gave up", f.reason());
        send(Topics.NOTIFICATION_FAILED, n.id(), NotificationFailed.newBuilder()
                .setHeader(headers.next(source.correlationId()))
                .setNotificationId(n.id())
                .setSourceEventId(source.eventId())
                .setSourceEventType(source.eventType())
                .setChannel(n.channel())
                .setAttempts(f.attempts())
                .setPermanent(f.permanent())
                .setReason(f.reason())
                .build());
    }

    @Override
    public void escalated(Alert alert, int step, String stakeholder, List<String> channels) {
        log.warn("alert {} unacknowledged: escalated to step {} ({}) on {}", alert.incident(), step, stakeholder,
                channels);
        send(Topics.NOTIFICATION_ESCALATED, alert.incident(), NotificationEscalated.newBuilder()
                .setHeader(headers.next(alert.source().correlationId()))
                .setAlertId(alert.incident())
                .setStep(step)
                .setStakeholder(stakeholder)
                .setChannels(channels)
                .setSourceEventId(alert.source().eventId())
                .build());
    }

    @Override
    public void acknowledged(String alertId, String operator, Instant at) {
        send(Topics.ALERT_ACKNOWLEDGED, alertId, AlertAcknowledged.newBuilder()
                .setHeader(headers.next(alertId))
                .setAlertId(alertId)
                .setAcknowledgedBy(operator)
                .setAcknowledgedAt(at)
                .build());
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
        if (!bridge.send(topic.name(), MessageBuilder.withPayload(event).setHeader(KafkaHeaders.KEY, key).build())) {
            throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
        }
    }
}
