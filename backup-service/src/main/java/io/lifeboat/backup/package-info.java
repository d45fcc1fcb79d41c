/**
 * backup-service: takes the backups the policy schedules (POL-ISMS-008 section 4), writes each to every configured
 * storage location with a manifest written last, and publishes BackupCompleted or BackupFailed.
 */
package io.lifeboat.backup;
