/**
 * Kafka adapter of restore-service: BackupCompleted feeds the catalogue (replayed from the topic's beginning at
 * start-up); restore results, restore tests, DR declarations, phases and closes, and access decisions are published
 * as RestoreCompleted, RestoreTestCompleted (with IntegrityChecked kind RESTORE_TEST and, when red, a critical
 * AlertRaised), DrDeclared, DrPhaseCompleted, DrClosed and AccessAudited. The DR topics are read back into the
 * disaster ledger at start-up and followed afterwards ({@link io.lifeboat.restore.messaging.DrEventLog}).
 */
package io.lifeboat.restore.messaging;
