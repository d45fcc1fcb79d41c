package io.lifeboat.notify.channel.pagerduty;

import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * PagerDuty Events API v2: a raising alert is a {@code trigger}, a resolution a {@code resolve}, both with
 * {@code dedup_key} = the incident (the AlertRaised alertId), so PagerDuty itself also keeps one incident per alert.
 */
public final class PagerDutySender implements ChannelSender {

    private final HttpPost post;
    private final URI url;
    private final String routingKey;
    private final String source;
    private final JsonMapper json;

    /** @param source the {@code payload.source} PagerDuty shows, e.g. the service instance */
    public PagerDutySender(HttpPost post, URI url, String routingKey, String source, JsonMapper json) {
        this.post = post;
        this.url = url;
        this.routingKey = routingKey;
        this.source = source;
        this.json = json;
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        post.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event(notification)))), url);
    }

    Map<String, Object> event(Notification notification) {
        Alert alert = notification.alert();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", alert.resolution() ? "resolve" : "trigger");
        event.put("dedup_key", alert.incident());
        if (alert.resolution()) {
            return event;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("what_happened", alert.whatHappened());
        alert.measured().ifPresent(m -> {
            details.put("observed", m.observed());
            details.put("threshold", m.threshold());
        });
        details.put("affected", alert.subject());
        details.put("runbook_step", alert.runbookStep());
        details.put("correlation_id", alert.source().correlationId());
        details.put("source_event", alert.source().eventType() + " " + alert.source().eventId());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", truncate(alert.title() + ": " + alert.whatHappened(), 1024));
        payload.put("source", source);
        payload.put("severity", switch (alert.severity()) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "info";
        });
        payload.put("timestamp", alert.source().occurredAt().toString());
        payload.put("component", alert.subject());
        payload.put("custom_details", details);
        event.put("payload", payload);
        return event;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
