/**
 * restore-service's own view of which backups exist, rebuilt from BackupCompleted events (the topic is replayed
 * from its beginning at start-up), so no other service is ever asked.
 */
package io.lifeboat.restore.catalogue;
