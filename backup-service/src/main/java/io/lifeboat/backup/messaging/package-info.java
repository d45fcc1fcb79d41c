/** Kafka adapter of backup-service: maps run outcomes to BackupCompleted / BackupFailed events and publishes them. */
package io.lifeboat.backup.messaging;
