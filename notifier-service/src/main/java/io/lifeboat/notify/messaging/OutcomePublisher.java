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
import io.lifeboat.schemas.topic.TopicSender;
import io.lifeboat.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes every delivery outcome as NotificationDelivered or NotificationFailed (keyed by notificationId),
 * escalations as NotificationEscalated and acknowledgements as AlertAcknowledged (keyed by alertId).
 */
@Component
class OutcomePublisher implements DeliveryReporter, EscalationReporter, AcknowledgementPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);

    private final TopicSender sender;
    private final EventHeaders headers;

    OutcomePublisher(TopicSender sender, EventHeaders headers) {
        this.sender = sender;
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
        sender.send(Topics.NOTIFICATION_DELIVERED, n.id(), NotificationDelivered.newBuilder()
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
        sender.send(Topics.NOTIFICATION_FAILED, n.id(), NotificationFailed.newBuilder()
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
        sender.send(Topics.NOTIFICATION_ESCALATED, alert.incident(), NotificationEscalated.newBuilder()
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
        sender.send(Topics.ALERT_ACKNOWLEDGED, alertId, AlertAcknowledged.newBuilder()
                .setHeader(headers.next(alertId))
                .setAlertId(alertId)
                .setAcknowledgedBy(operator)
                .setAcknowledgedAt(at)
                .build());
    }
}
