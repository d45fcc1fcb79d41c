/**
 * Kafka adapter of backup-service: maps run facts to BackupStarted, BackupCompleted, BackupFailed, CopyStored,
 * WalArchived and BackupExpired events, and WAL streaming alerts to AlertRaised and AlertResolved, and publishes
 * them through the durable event outbox ({@link io.lifeboat.schemas.outbox.EventOutbox}), keyed by their aggregate
 * id (alerts by alertId), so none is lost while Kafka is down.
 */
package io.lifeboat.backup.messaging;
