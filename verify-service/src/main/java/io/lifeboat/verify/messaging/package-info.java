/**
 * Kafka adapter of verify-service. In: BackupCompleted, WalArchived and CopyStored twice each (a per-instance group
 * replayed from the beginning builds the catalogue; the shared group verifies each new copy once, deduplicated by
 * event id), BackupFailed (a monitoring fact), and this service's own AlertRaised/AlertResolved (replayed to rebuild
 * which alerts are open). Out: IntegrityChecked, AlertRaised, AlertResolved, keyed by backup id and alert id.
 */
package io.lifeboat.verify.messaging;
