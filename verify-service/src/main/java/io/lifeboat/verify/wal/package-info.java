/**
 * The WAL archive and its chain. Segments are stored one object per segment under a prefix
 * ({@code lifeboat.verify.wal-prefix}), the object's last path element being PostgreSQL's 24-hex-digit segment name
 * (timeline, log, segment: {@code 000000010000000000000003}); a timeline switch stores {@code 00000002.history}
 * beside them. {@link io.lifeboat.verify.wal.WalChain} is the pure continuity check: from a start segment to the
 * newest one no segment is missing, and every timeline the chain moves to has its history file.
 */
package io.lifeboat.verify.wal;
