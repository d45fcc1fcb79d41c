/**
 * Backup runs, start to end. A {@link io.lifeboat.backup.run.BackupJob} per data type (logical dump, physical base
 * backup, and the on-change and media jobs) streams its objects through the encrypted object chain to the primary
 * with a data key of its own; {@link io.lifeboat.backup.run.BackupCommit} seals the manifest last (the commit marker)
 * and copies the backup to every other location. {@link io.lifeboat.backup.run.BackupTrigger} runs jobs one at a
 * time, announces each attempt, and retries a failure whose cause may pass. A failed or killed run leaves no
 * manifest, so it never enters any catalogue.
 */
package io.lifeboat.backup.run;
