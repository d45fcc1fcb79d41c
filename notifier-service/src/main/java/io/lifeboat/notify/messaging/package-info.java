/**
 * Kafka adapter of notifier-service.
 *
 * <p>In: five bindings (AlertRaised, AlertResolved, BackupFailed, IntegrityChecked, DrDeclared; group {@code notifier-service};
 * native decoding through {@code ErrorHandlingDeserializer} delegating to the Avro deserializer). Each event is
 * deduplicated by its header eventId, mapped to an {@link io.lifeboat.notify.notification.Alert} (an
 * IntegrityChecked that PASSED needs none) and dispatched: its notifications are in the durable outbox before
 * the record counts as handled; delivery happens afterwards, off the consumer thread.
 *
 * <p>Out: NotificationDelivered or NotificationFailed for every final delivery outcome (keyed by notificationId),
 * NotificationEscalated and AlertAcknowledged (keyed by alertId), all sent synchronously; an outcome that cannot be
 * published is logged (the page itself is never repeated for it).
 *
 * <p>Errors: a record that fails (it does not decode, or handling threw) is retried a bounded number of times by
 * the listener container and then parked on the binding's dead-letter topic {@code <topic>.notifier-service.dlt}
 * (see {@link io.lifeboat.notify.messaging.DeadLetterConfiguration}); the consumer carries on with the next one.
 */
package io.lifeboat.notify.messaging;
