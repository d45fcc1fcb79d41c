package io.lifeboat.notify.notification;

/** Records the outcome of every delivery, successful or not (an event in production). */
public interface DeliveryReporter {

    void report(Notification notification, DeliveryOutcome outcome);
}
