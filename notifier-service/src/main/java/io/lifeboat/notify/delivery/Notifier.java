package io.lifeboat.notify.delivery;

import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.routing.Routing;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an alert into notifications: the policy's routing picks channels and stakeholders, the dispatcher queues
 * each one durably (dropping ids already queued or finished: one page per incident, channel and stakeholder), and
 * a critical starts its escalation ladder. Returns once everything is queued, not delivered.
 */
public final class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final Routing routing;
    private final Dispatcher dispatcher;
    private final Escalator escalator;
    private final Outbox outbox;

    public Notifier(Routing routing, Dispatcher dispatcher, Escalator escalator, Outbox outbox) {
        this.routing = routing;
        this.dispatcher = dispatcher;
        this.escalator = escalator;
        this.outbox = outbox;
    }

    /**
     * Queues {@code alert}'s notifications. An incident raised again after it was resolved is a new episode
     * ({@code incident~n}) and pages again; within an episode every channel hears of it once. An alert that happened
     * no later than the incident's recorded resolution is old news and ignored: a raise redelivered, or read after
     * its resolution (they come on separate topics, unordered), would otherwise open an episode that nothing ever
     * resolves, and a redelivered resolution would resolve one that was never raised.
     */
    public void dispatch(Alert alert) {
        Optional<Instant> resolved = outbox.lastResolution(alert.incident());
        if (resolved.isPresent() && !alert.source().occurredAt().isAfter(resolved.get())) {
            log.info("ignoring {} {} about incident {}: it happened at {}, not after the incident's resolution at {}",
                    alert.source().eventType(), alert.source().eventId(), alert.incident(),
                    alert.source().occurredAt(), resolved.get());
            return;
        }
        Alert episode = alert.inEpisode(outbox.episodesEnded(alert.incident()));
        for (Routing.Target target : routing.immediate(episode)) {
            if (dispatcher.has(target.channel())) {
                dispatcher.enqueue(Notification.of(episode, target.channel(), target.audience()));
            }
        }
        escalator.track(episode);
        if (alert.resolution()) {
            outbox.endEpisode(alert.incident(), alert.source().eventId(), alert.source().occurredAt());
        }
    }

    /** Acknowledges the current episode of {@code incident}; false when it was acknowledged before. */
    public boolean acknowledge(String incident) {
        return escalator.acknowledge(Alert.episodeKey(incident, outbox.episodesEnded(incident)));
    }
}
