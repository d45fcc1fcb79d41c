package io.lifeboat.notify.delivery;

import io.lifeboat.notify.delivery.Outbox.PendingEscalation;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.EscalationReporter;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.routing.Routing;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates unacknowledged criticals along the policy's ladder: {@code after} each step the next stakeholder is
 * notified, until someone acknowledges, the alert is resolved or the ladder ends. Pending escalations are in the
 * outbox, so a restart neither loses nor repeats one (a due escalation fires once, right after the restart).
 */
public final class Escalator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Escalator.class);

    private final Outbox outbox;
    private final Routing routing;
    private final Dispatcher dispatcher;
    private final EscalationReporter reporter;
    private final Clock clock;
    private final Duration after;
    private final Duration checkEvery;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notify-escalation");
        t.setDaemon(true);
        return t;
    });

    public Escalator(Outbox outbox, Routing routing, Dispatcher dispatcher, EscalationReporter reporter, Clock clock,
                     Duration after, Duration checkEvery) {
        this.outbox = outbox;
        this.routing = routing;
        this.dispatcher = dispatcher;
        this.reporter = reporter;
        this.clock = clock;
        this.after = after;
        this.checkEvery = checkEvery;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::fireDue, 0, checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Called for every alert: a critical starts its ladder unless it is climbing one already or has climbed it to
     * the end, a resolution ends it. Further events about the same episode (a retried backup failing again under the
     * same id, a re-verification, the alert accompanying a failed check) leave the pending step and its time alone:
     * restarting the ladder on each of them would delay the escalation for as long as they keep coming, and after
     * its last step would escalate the same episode all over again (the outbox remembers ended ladders).
     */
    public void track(Alert alert) {
        if (alert.resolution()) {
            outbox.cancelEscalation(alert.incident());
            return;
        }
        if (routing.escalation(alert, 1).isPresent() && !outbox.acknowledged(alert.incident())) {
            outbox.scheduleFirst(new PendingEscalation(alert, 1, clock.instant().plus(after)));
        }
    }

    /** Acknowledges {@code incident}: no further escalation. False when it was acknowledged before. */
    public boolean acknowledge(String incident) {
        boolean first = outbox.acknowledge(incident);
        outbox.cancelEscalation(incident);
        return first;
    }

    void fireDue() {
        try {
            for (PendingEscalation e : outbox.escalations()) {
                if (e.dueAt().isAfter(clock.instant())) {
                    continue;
                }
                String incident = e.alert().incident();
                if (outbox.acknowledged(incident)) {
                    outbox.cancelEscalation(incident);
                    continue;
                }
                routing.escalation(e.alert(), e.step()).ifPresentOrElse(step -> {
                    step.targets().stream().filter(t -> dispatcher.has(t.channel())).forEach(t ->
                            dispatcher.enqueue(Notification.of(e.alert(), t.channel(), t.audience())));
                    reporter.escalated(e.alert(), e.step(), step.stakeholder(),
                            step.targets().stream().map(Routing.Target::channel).toList());
                    if (routing.escalation(e.alert(), e.step() + 1).isPresent()) {
                        outbox.schedule(new PendingEscalation(e.alert(), e.step() + 1, clock.instant().plus(after)));
                    } else {
                        outbox.endLadder(incident);
                    }
                }, () -> outbox.endLadder(incident));
            }
        } catch (RuntimeException ex) {
            log.error("escalation check failed; trying again in {}", checkEvery, ex);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
