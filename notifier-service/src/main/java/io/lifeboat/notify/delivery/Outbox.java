package io.lifeboat.notify.delivery;

import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of deliveries: notifications not yet delivered, ids that are finished (delivered, refused or
 * dead-lettered: never sent again), pending escalations, ladders climbed to the end and acknowledgements. Whatever was added before a crash is
 * there after the restart.
 */
public interface Outbox {

    /** A notification waiting for its channel since {@code queuedAt}. */
    record Pending(Notification notification, Instant queuedAt) {
    }

    /** An unacknowledged critical that escalates to ladder step {@code step} at {@code dueAt}. */
    record PendingEscalation(Alert alert, int step, Instant dueAt) {
    }

    /** Adds {@code pending} unless its id is already pending or finished; false when it was. */
    boolean add(Pending pending);

    /** Removes the notification from the pending ones and remembers its id as finished. */
    void finish(String notificationId);

    boolean finished(String notificationId);

    List<Pending> pending();

    /** Schedules {@code escalation}, replacing what was pending for its incident. */
    void schedule(PendingEscalation escalation);

    /**
     * Schedules {@code escalation} unless one is pending for its incident or its incident's ladder has ended
     * ({@link #endLadder}); false when so.
     */
    boolean scheduleFirst(PendingEscalation escalation);

    void cancelEscalation(String incident);

    /**
     * Records that {@code incident} has climbed its ladder to the last step and cancels what is pending for it:
     * {@link #scheduleFirst} never starts its ladder again (an incident's later episode has a key of its own).
     */
    void endLadder(String incident);

    List<PendingEscalation> escalations();

    /** Records the acknowledgement; false when the incident was already acknowledged. */
    boolean acknowledge(String incident);

    boolean acknowledged(String incident);

    /** How many episodes of {@code incident} have ended (resolutions seen); 0 while the first one is open. */
    int episodesEnded(String incident);

    /**
     * Records that the resolution event {@code resolutionEventId}, which happened at {@code resolvedAt}, ended the
     * current episode (idempotent).
     */
    void endEpisode(String incident, String resolutionEventId, Instant resolvedAt);

    /** When the latest recorded resolution of {@code incident} happened; empty when none is recorded. */
    Optional<Instant> lastResolution(String incident);
}
