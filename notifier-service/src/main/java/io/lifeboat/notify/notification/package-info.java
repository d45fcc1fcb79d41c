/**
 * The notification domain, free of Spring and Kafka.
 *
 * <p>Vocabulary: an {@link io.lifeboat.notify.notification.Alert} is an alert-worthy fact in channel-neutral words
 * (what happened, how bad, what to do). A {@link io.lifeboat.notify.notification.Notification} is one alert
 * addressed to one channel and stakeholder; its id is derived from the alert's incident (or its resolution), the
 * channel and the stakeholder, so a redelivered event, and every other event about the same incident, yields the
 * same id and a receiver can drop the duplicate. A
 * {@link io.lifeboat.notify.notification.NotificationChannel} delivers a notification and answers a
 * {@link io.lifeboat.notify.notification.DeliveryOutcome}: delivered, or failed (permanently or not). Failing to
 * deliver is a fact to report, not an exception; every final outcome goes to a
 * {@link io.lifeboat.notify.notification.DeliveryReporter}. Routing and delivery live in
 * {@code io.lifeboat.notify.routing} and {@code io.lifeboat.notify.delivery}.
 */
package io.lifeboat.notify.notification;
