/**
 * The WAL archive and its chain, in backup-service's layout: every completed segment is a backup of data type WAL
 * with id {@code <segment name>-<system identifier>} ({@link io.lifeboat.format.wal.WalSegmentName#backupId}) and its
 * own sealed manifest, so a segment is stored at a location when its manifest is. A timeline history file is expected
 * the same way, as WAL backup {@code <timeline as 8 hex digits>.history-<system identifier>}.
 * {@link io.lifeboat.verify.wal.WalChain} is the pure continuity check: from a base backup's start segment to the
 * newest one, no segment is missing and every timeline the chain moves to has its history file.
 */
package io.lifeboat.verify.wal;
