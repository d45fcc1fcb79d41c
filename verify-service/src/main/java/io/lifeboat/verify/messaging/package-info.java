/**
 * Kafka adapter of verify-service. In: BackupCompleted, WalArchived and CopyStored twice each (a per-instance group
 * replayed from the beginning builds the catalogue; the shared group verifies each new copy once, deduplicated by
 * event id), BackupFailed (a monitoring fact, replayed per instance like the catalogue), and this service's own
 * AlertRaised/AlertResolved (replayed to rebuild which alerts are open). {@link
 * io.lifeboat.verify.messaging.ReplayProgress} tells when the replayed bindings have read what their topics held at
 * start-up; monitoring publishes nothing before. Out: IntegrityChecked, AlertRaised, AlertResolved, keyed by backup
 * id and alert id.
 */
package io.lifeboat.verify.messaging;
