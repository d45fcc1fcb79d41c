/**
 * Continuous WAL archiving. {@code pg_receivewal} streams WAL through a replication slot into a local spool as a
 * supervised child process (started again whenever it exits; the slot guarantees that no WAL is lost meanwhile).
 * Each completed segment is stored as a backup of data type WAL (own data key, sealed manifest, copies at every
 * location), removed from the spool, and announced in batches (WalArchived). A batch Kafka does not take is kept in
 * memory and announced by a later round; a segment found in the spool already committed (a crash before its
 * removal) is not stored again, only announced again. A segment left open longer than {@code max-segment-age} is
 * closed with {@code pg_switch_wal()}, so the hourly incremental of the policy holds even
 * when the database is quiet.
 *
 * <p>Streaming is alerted (AlertRaised once while a condition persists, AlertResolved when it clears): when the slot
 * lags more than {@code lag-alert-bytes} behind the server, and when pg_receivewal keeps failing to start
 * ({@code failed-starts-alert} failed starts in a row).
 */
package io.lifeboat.backup.wal;
