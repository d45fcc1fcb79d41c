/**
 * Kafka adapter of verify-service: consumes BackupCompleted (deduplicated by event id), hands it to the integrity
 * check, and publishes IntegrityChecked and, for a failed copy, AlertRaised.
 */
package io.lifeboat.verify.messaging;
