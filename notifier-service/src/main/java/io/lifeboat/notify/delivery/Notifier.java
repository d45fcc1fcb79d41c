package io.lifeboat.notify.notification;

import io.lifeboat.schemas.dedupe.ProcessedEvents;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends an alert to every channel and reports each outcome. For now every alert goes to every channel; routing by
 * severity and stakeholder (policy 9.2) will choose the channels here.
 */
public final class Notifier {

    private final List<NotificationChannel> channels;
    private final DeliveryReporter reporter;
    /** Notification ids (incident and channel) already delivered: one page per incident per channel. */
    private final ProcessedEvents delivered = new ProcessedEvents(10_000);

    public Notifier(List<NotificationChannel> channels, DeliveryReporter reporter) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one notification channel is needed");
        }
        Set<String> names = new HashSet<>();
        for (NotificationChannel channel : channels) {
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException("two notification channels are named '" + channel.name() + "'");
            }
        }
        this.channels = List.copyOf(channels);
        this.reporter = reporter;
    }

    /**
     * Delivers {@code alert} on every channel that has not yet had its incident; returns once each outcome is
     * reported.
     */
    public void dispatch(Alert alert) {
        for (NotificationChannel channel : channels) {
            Notification notification = Notification.of(alert, channel.name());
            if (delivered.handled(notification.id())) {
                continue;
            }
            DeliveryOutcome outcome = channel.deliver(notification);
            reporter.report(notification, outcome);
            if (outcome instanceof DeliveryOutcome.Delivered) {
                delivered.markHandled(notification.id());
            }
        }
    }
}
