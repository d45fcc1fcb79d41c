/**
 * notifier-service: routes every alert-worthy fact to stakeholders and channels (POL-ISMS-008 9.2 and 10). It
 * consumes AlertRaised, BackupFailed, IntegrityChecked (failed checks only) and DrDeclared, turns each into a
 * notification per channel and delivers it, retrying transient channel failures, and records every outcome as
 * NotificationDelivered or NotificationFailed.
 *
 * <p>Packages: {@code notification} is the domain (what a notification is, the channel port, the dispatcher; no
 * Spring, no Kafka); {@code channel} holds the retry decorator every channel shares and {@code channel.webhook}
 * the HTTP webhook channel; {@code messaging} is the Kafka adapter; {@code config} the typed configuration.
 */
package io.lifeboat.notify;
