/**
 * Kafka adapter of restore-service: BackupCompleted feeds the catalogue (replayed from the topic's beginning at
 * start-up); restore results, DR declarations and access decisions are published as RestoreCompleted, DrDeclared
 * and AccessAudited.
 */
package io.lifeboat.restore.messaging;
