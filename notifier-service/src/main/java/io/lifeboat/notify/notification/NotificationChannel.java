package io.lifeboat.notify.notification;

/**
 * A way to reach people (webhook, e-mail, phone, ...). Implementations retry what is worth retrying themselves and
 * report the end result; they throw only for faults of this service, never because the channel is down.
 */
public interface NotificationChannel {

    /** Stable name; part of every notification id, so renaming a channel changes its ids. */
    String name();

    DeliveryOutcome deliver(Notification notification);

    /** Whether this channel can reach {@code audience} (a stakeholder, or {@link Notification#EVERYONE}). */
    default boolean reaches(String audience) {
        return true;
    }

    /** How many notifications this channel may send at once (its bulkhead). */
    default int concurrency() {
        return 1;
    }
}
