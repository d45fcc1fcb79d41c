package io.lifeboat.notify.delivery;

import io.lifeboat.notify.delivery.Outbox.Pending;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.DeliveryReporter;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.NotificationChannel;
import io.lifeboat.notify.notification.Source;
import io.lifeboat.notify.routing.Routing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.lifeboat.notify.notification.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued notifications, each channel on its own bounded pool of workers (the size of its bulkhead), so a
 * slow channel never holds back another one or the Kafka consumer.
 *
 * <p>A notification is in the {@link Outbox} from {@link #enqueue} until it is finished: delivered, refused
 * (permanent failure), or dead-lettered after {@code maxAge}. A transient failure (retries exhausted, or a channel
 * that throws instead of reporting a failure) or an open circuit breaker leaves it queued and it is tried again {@code redeliverEvery} later; while the breaker is open
 * the alert also goes to the channel's fallback at once. A dead-lettered notification is itself alerted on the
 * fallback channel and on every broadcast channel. Every finish is reported exactly once.
 *
 * <p>Warnings and infos for a stakeholder wait up to the aggregation window and then go out as one {@link Digest}
 * per channel and stakeholder; criticals and broadcast channels (webhook, PagerDuty) never wait.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
    private final Map<String, ExecutorService> workers = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private final Outbox outbox;
    private final DeliveryReporter reporter;
    private final Routing routing;
    private final Clock clock;
    private final Duration redeliverEvery;
    private final Duration maxAge;
    private final List<String> broadcast;
    private final Duration aggregationWindow;
    /** Aggregated notifications not yet sent, by id: sent together per channel and audience. */
    private final Map<String, Pending> held = new ConcurrentHashMap<>();
    /** Ids that have an attempt chain in this process. */
    private final java.util.Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Dispatcher(List<NotificationChannel> channels, List<String> broadcast, Outbox outbox,
                      DeliveryReporter reporter, Routing routing, Clock clock, Duration redeliverEvery,
                      Duration maxAge, Duration aggregationWindow) {
        for (NotificationChannel channel : channels) {
            if (this.channels.put(channel.name(), channel) != null) {
                throw new IllegalArgumentException("two notification channels are named '" + channel.name() + "'");
            }
            workers.put(channel.name(), Executors.newFixedThreadPool(Math.max(1, channel.concurrency()),
                    threads("notify-" + channel.name() + "-")));
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(
                threads("notify-timer-"));
        this.broadcast = List.copyOf(broadcast);
        this.outbox = outbox;
        this.reporter = reporter;
        this.routing = routing;
        this.clock = clock;
        this.redeliverEvery = redeliverEvery;
        this.maxAge = maxAge;
        this.aggregationWindow = aggregationWindow;
    }

    /** Schedules everything the outbox still holds (after a restart). Returns how many. */
    public int resume() {
        List<Pending> pending = outbox.pending();
        pending.forEach(this::scheduleFirst);
        return pending.size();
    }

    /**
     * Queues {@code notification} durably unless the same id is queued or finished already (a redelivered event,
     * or another event about the same incident): that is the exactly-one-page rule. Returns whether it was queued.
     */
    public boolean enqueue(Notification notification) {
        if (!channels.containsKey(notification.channel())) {
            throw new IllegalArgumentException("no channel named '" + notification.channel() + "'");
        }
        Pending pending = new Pending(notification, clock.instant());
        if (!outbox.add(pending)) {
            return false;
        }
        scheduleFirst(pending);
        return true;
    }

    public boolean has(String channel) {
        return channels.containsKey(channel);
    }

    /** Warnings and infos to a stakeholder wait for the aggregation window; criticals and broadcasts never wait. */
    private boolean aggregated(Notification n) {
        return !aggregationWindow.isZero() && n.alert().severity() != Severity.CRITICAL
                && !Notification.EVERYONE.equals(n.audience()) && !n.alert().resolution();
    }

    private void scheduleFirst(Pending pending) {
        Notification n = pending.notification();
        if (!scheduled.add(n.id())) {
            return; // enqueued by a consumer while resume() read the outbox: one attempt chain per id
        }
        if (aggregated(n)) {
            held.put(n.id(), pending);
            Duration wait = Duration.between(clock.instant(), pending.queuedAt().plus(aggregationWindow));
            schedule(pending, wait.isNegative() ? Duration.ZERO : wait);
        } else {
            schedule(pending, Duration.ZERO);
        }
    }

    private void schedule(Pending pending, Duration delay) {
        if (closed) {
            return;
        }
        Runnable attempt = () -> workers.get(pending.notification().channel()).execute(() -> attempt(pending));
        try {
            if (delay.isZero()) {
                attempt.run();
            } else {
                timer.schedule(attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            // closing: the notification stays in the outbox for the next start
        }
    }

    private void attempt(Pending pending) {
        Notification n = pending.notification();
        if (closed || outbox.finished(n.id())) {
            return;
        }
        List<Pending> group = List.of(pending);
        if (aggregated(n)) {
            group = takeGroup(n);
            if (group.isEmpty()) {
                return; // another worker sends it in its digest
            }
        }
        Notification message = group.size() == 1 ? n : Digest.of(group);
        DeliveryOutcome outcome = deliver(n.channel(), message);
        if (closed && !(outcome instanceof DeliveryOutcome.Delivered)) {
            return;
        }
        if (outcome instanceof DeliveryOutcome.Delivered
                || outcome instanceof DeliveryOutcome.Failed f && f.permanent()) {
            group.forEach(p -> finish(p.notification(), outcome));
            return;
        }
        String reason = outcome instanceof DeliveryOutcome.Failed f ? f.reason()
                : ((DeliveryOutcome.Unavailable) outcome).reason();
        List<Pending> keep = new ArrayList<>();
        for (Pending p : group) {
            Duration age = Duration.between(p.queuedAt(), clock.instant());
            if (age.compareTo(maxAge) >= 0) {
                finish(p.notification(), new DeliveryOutcome.Failed(Math.max(1, outcome.attempts()), false,
                        "dead-lettered: undelivered for " + age.toSeconds() + " s (max age " + maxAge + "); last: "
                                + reason));
                alertDeadLetter(p.notification(), reason);
            } else {
                keep.add(p);
            }
        }
        if (outcome instanceof DeliveryOutcome.Unavailable) {
            for (Pending p : keep) {
                Notification k = p.notification();
                routing.fallback(k.channel(), k.audience()).filter(t -> has(t.channel()))
                        .ifPresent(t -> enqueue(Notification.of(k.alert(), t.channel(), t.audience())));
            }
        }
        retryLater(keep);
    }

    /**
     * The channel's outcome. A channel that throws (a bug, an answer it could not handle) has failed transiently like
     * any other: the notification is tried again and dead-lettered after {@code maxAge}, never retried forever.
     */
    private DeliveryOutcome deliver(String channel, Notification message) {
        try {
            return channels.get(channel).deliver(message);
        } catch (RuntimeException e) {
            if (!closed) {
                log.error("delivering notification {} on '{}' failed unexpectedly", message.id(), channel, e);
            }
            return new DeliveryOutcome.Failed(1, false, "failed unexpectedly (" + e.getClass().getName() + ")");
        }
    }

    /** Removes and returns every held notification with {@code n}'s channel and audience (empty if n is gone). */
    private synchronized List<Pending> takeGroup(Notification n) {
        if (!held.containsKey(n.id())) {
            return List.of();
        }
        List<Pending> group = new ArrayList<>();
        held.values().removeIf(p -> {
            Notification o = p.notification();
            if (o.channel().equals(n.channel()) && o.audience().equals(n.audience())) {
                group.add(p);
                return true;
            }
            return false;
        });
        group.sort(java.util.Comparator.comparing(Pending::queuedAt));
        return group;
    }

    private void retryLater(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        if (aggregated(group.get(0).notification())) {
            group.forEach(p -> held.put(p.notification().id(), p));
        }
        schedule(group.get(0), redeliverEvery);
    }

    private void finish(Notification n, DeliveryOutcome outcome) {
        // finished before reported: a page must not repeat even when the audit event cannot be written
        outbox.finish(n.id());
        try {
            reporter.report(n, outcome);
        } catch (RuntimeException e) {
            log.error("outcome of notification {} could not be reported", n.id(), e);
        }
    }

    private void alertDeadLetter(Notification n, String reason) {
        Alert original = n.alert();
        Instant now = clock.instant();
        Alert dead = new Alert(
                new Source(Notification.idFor("dead-letter", n.id()), "NotificationDeadLettered",
                        original.source().correlationId(), now),
                original.severity(),
                "Notification dead-lettered on " + n.channel() + ": " + original.title(),
                "The " + n.channel() + " notification for " + n.audience() + " about '" + original.title()
                        + "' could not be delivered within " + maxAge + " (" + reason + "). Original: "
                        + original.whatHappened(),
                original.measurement(), original.subject(),
                "Reach " + n.audience() + " another way; " + original.runbookStep(),
                "dead-letter:" + n.id());
        routing.fallback(n.channel(), n.audience()).filter(t -> has(t.channel()))
                .ifPresent(t -> enqueue(Notification.of(dead, t.channel(), t.audience())));
        broadcast.stream().filter(c -> !c.equals(n.channel())).filter(this::has)
                .forEach(c -> enqueue(Notification.of(dead, c)));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService w : workers.values()) {
            try {
                w.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
