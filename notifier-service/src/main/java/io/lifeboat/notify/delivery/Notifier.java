package io.lifeboat.notify.delivery;

import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.routing.Routing;

/**
 * Turns an alert into notifications: the policy's routing picks channels and stakeholders, the dispatcher queues
 * each one durably (dropping ids already queued or finished: one page per incident, channel and stakeholder), and
 * a critical starts its escalation ladder. Returns once everything is queued, not delivered.
 */
public final class Notifier {

    private final Routing routing;
    private final Dispatcher dispatcher;
    private final Escalator escalator;

    public Notifier(Routing routing, Dispatcher dispatcher, Escalator escalator) {
        this.routing = routing;
        this.dispatcher = dispatcher;
        this.escalator = escalator;
    }

    public void dispatch(Alert alert) {
        for (Routing.Target target : routing.immediate(alert)) {
            if (dispatcher.has(target.channel())) {
                dispatcher.enqueue(Notification.of(alert, target.channel(), target.audience()));
            }
        }
        escalator.track(alert);
    }

    /** Acknowledges {@code incident}; false when it was acknowledged before. */
    public boolean acknowledge(String incident) {
        return escalator.acknowledge(incident);
    }
}
