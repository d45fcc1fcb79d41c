/**
 * notifier-service: routes every alert-worthy fact to stakeholders and channels (POL-ISMS-008 9.2 and 10). It
 * consumes AlertRaised, AlertResolved, BackupFailed, IntegrityChecked (failed checks only) and DrDeclared, turns
 * each into notifications per channel and stakeholder as the policy's communication matrix says, queues them in a
 * durable outbox and delivers them through resilient channels, records every outcome as NotificationDelivered or
 * NotificationFailed, escalates unacknowledged criticals (NotificationEscalated) and takes acknowledgements over
 * REST (AlertAcknowledged).
 *
 * <p>Packages: {@code notification} is the domain vocabulary (alert, notification, channel port, outcomes);
 * {@code routing} the policy's matrix as a pure function; {@code delivery} the dispatcher, escalator and outbox
 * port (no Spring, no Kafka); {@code outbox} the file-backed outbox; {@code channel} the resilience decorator, the
 * shared wording and one package per channel (webhook, slack, pagerduty, email, twilio, statuspage, plus the
 * shared {@code http} exchange); {@code messaging} the Kafka adapter; {@code api} the REST acknowledgement;
 * {@code config} the typed configuration.
 */
package io.lifeboat.notify;
