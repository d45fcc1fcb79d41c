/**
 * Retention: which committed backups to keep and which to remove, as a pure function of the policy's retention
 * periods, the catalogue and the time ({@link io.lifeboat.backup.retention.Retention#apply}), every decision with its
 * reason; and the daily run that carries the removals out (manifest first, so a removal cut short leaves no backup
 * that looks complete) and announces each as BackupExpired.
 *
 * <p>Vocabulary: the <em>PITR window</em> is the WAL retention (policy: 7 days); point-in-time recovery to any moment
 * in it needs the newest base backup completed at or before the window's start (the <em>anchor</em>) and every WAL
 * segment from the anchor's start segment on. That WAL is kept even when older than the WAL retention. Base backups
 * are taken with their own WAL (pg_basebackup -X fetch), so an old base backup kept for its 30 days stays restorable
 * to its end point without archived WAL.
 */
package io.lifeboat.backup.retention;
