/** Kafka adapter of backup-service: maps run facts to BackupStarted, BackupCompleted, BackupFailed, CopyStored,
 * WalArchived and BackupExpired events and publishes them, keyed by their aggregate id. */
package io.lifeboat.backup.messaging;
