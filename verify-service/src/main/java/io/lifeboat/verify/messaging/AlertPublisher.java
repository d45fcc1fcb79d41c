package io.lifeboat.verify.messaging;

import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.TopicSender;
import io.lifeboat.schemas.topic.Topics;
import io.lifeboat.verify.alert.Alert;
import io.lifeboat.verify.alert.OpenAlerts;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes AlertRaised the first time a condition is seen and AlertResolved when it clears, never twice for the
 * same open condition.
 */
@Component
public class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);

    private final TopicSender sender;
    private final EventHeaders headers;
    private final OpenAlerts open = new OpenAlerts();

    AlertPublisher(TopicSender sender, EventHeaders headers) {
        this.sender = sender;
        this.headers = headers;
    }

    public OpenAlerts open() {
        return open;
    }

    /** Raises {@code alert} unless it is open already. */
    public void raise(Alert alert, String correlationId) {
        EventHeader header = headers.next(correlationId);
        if (!open.open(alert, header.getOccurredAt())) {
            return;
        }
        try {
            sender.send(Topics.ALERT_RAISED, alert.alertId(), AlertRaised.newBuilder()
                    .setHeader(header)
                    .setAlertId(alert.alertId())
                    .setSeverity(Severity.valueOf(alert.severity().name()))
                    .setRule(alert.rule())
                    .setSubject(alert.subject())
                    .setSummary(alert.summary())
                    .setObservedValue(alert.observed())
                    .setThreshold(alert.threshold())
                    .setRunbookStep(alert.runbook())
                    .build());
            log.warn("alert {} raised: {} (observed {}, threshold {})", alert.alertId(), alert.summary(),
                    alert.observed(), alert.threshold());
        } catch (RuntimeException e) {
            open.forget(alert.alertId());
            throw e;
        }
    }

    /** Resolves the alert with {@code alertId} if it is open. */
    public void resolve(String alertId, String observed, String correlationId) {
        if (!open.isOpen(alertId)) {
            return;
        }
        EventHeader header = headers.next(correlationId);
        open.close(alertId, header.getOccurredAt()).ifPresent(alert -> {
            try {
                sender.send(Topics.ALERT_RESOLVED, alertId, AlertResolved.newBuilder()
                        .setHeader(header)
                        .setAlertId(alertId)
                        .setRule(alert.rule())
                        .setSubject(alert.subject())
                        .setObservedValue(observed)
                        .build());
                log.info("alert {} resolved: {}", alertId, observed);
            } catch (RuntimeException e) {
                open.forget(alertId);
                open.open(alert, header.getOccurredAt());
                throw e;
            }
        });
    }

    /** An AlertRaised this service published earlier (replayed at start-up): the alert is open unless resolved. */
    public void replayRaised(AlertRaised event) {
        open.replayRaised(new Alert(event.getAlertId(), event.getRule(),
                io.lifeboat.format.policy.Severity.valueOf(event.getSeverity().name()), event.getSubject(),
                event.getSummary(), event.getObservedValue(), event.getThreshold(), event.getRunbookStep()),
                event.getHeader().getOccurredAt());
    }

    /** An AlertResolved this service published earlier (replayed at start-up). */
    public void replayResolved(AlertResolved event) {
        open.replayResolved(event.getAlertId(), event.getHeader().getOccurredAt());
    }

    /**
     * Makes the open alerts of the rules in {@code rules} match {@code current}: raises the new ones and resolves
     * the open ones that are no longer current.
     */
    public void reconcile(Set<String> rules, Collection<Alert> current, String correlationId) {
        Set<String> currentIds = current.stream().map(Alert::alertId).collect(Collectors.toSet());
        for (Alert alert : current) {
            raise(alert, correlationId);
        }
        for (Alert alert : open.all()) {
            if (rules.contains(alert.rule()) && !currentIds.contains(alert.alertId())) {
                resolve(alert.alertId(), "back within the threshold " + alert.threshold(), correlationId);
            }
        }
    }
}
