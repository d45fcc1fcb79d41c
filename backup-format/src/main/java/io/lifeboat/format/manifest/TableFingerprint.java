package io.lifeboat.format.manifest;

/**
 * A table's content at backup time, used to prove a restore brought it back whole.
 *
 * @param rows        row count
 * @param contentHash order-independent digest of the rows' text (see
 *                    {@link io.lifeboat.format.postgres.TableFingerprints}); equal contents give equal hashes
 */
public record TableFingerprint(long rows, String contentHash) {
}
