/**
 * Full physical and point-in-time restores: a base backup (pg_basebackup tar, stored encrypted) is decrypted and
 * unpacked into a new data directory, the WAL segments from its start onward are pre-staged from the repository
 * (each segment is a WAL backup of its own, {@code <segment>-<system identifier>}, read with the same fallback
 * across locations as every other backup) into a directory that {@code restore_command} copies from, and the server
 * is started with a recovery target (the latest point, a time, an LSN or a named restore point) and promoted.
 * Recovery follows the source's timelines to the newest ({@code recovery_target_timeline = 'latest'}): the archived
 * timeline history files are staged first, and each segment is taken from the timeline that holds it on that path,
 * so a restore crosses a failover or an earlier point-in-time recovery of the source.
 * Pre-staging instead of a per-segment fetch program keeps a JVM start out of every segment PostgreSQL asks for.
 * A data directory that is not empty is only replaced when forced, and never while a server runs in it, nor when it
 * is, holds or lies inside a directory of this service's (storage locations, reports, scratch, programs); all of it
 * is checked when the request is accepted and again when the queued job runs. A copy
 * that fails to read while it is unpacked makes the next location be tried; the data directory or tar failing
 * (disk full, directory gone) ends the restore at once, naming the directory ({@link BaseBackupUnpacker}).
 */
package io.lifeboat.restore.pitr;
