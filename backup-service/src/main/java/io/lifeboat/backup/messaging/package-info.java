/**
 * Kafka adapter of backup-service: maps run facts to BackupStarted, BackupCompleted, BackupFailed, CopyStored,
 * WalArchived and BackupExpired events, and WAL streaming alerts to AlertRaised and AlertResolved, and publishes
 * them, keyed by their aggregate id (alerts by alertId).
 */
package io.lifeboat.backup.messaging;
