/**
 * What the repository format means for PostgreSQL: where its programs are; the per-table fingerprint that a backup
 * reads from its dump stream ({@link io.lifeboat.format.postgres.DumpArchiveScanner}) and a restore recomputes from
 * the restored tables ({@link io.lifeboat.format.postgres.TableFingerprints}) to prove the data came back (both
 * sides must compute it the same way, which is why it lives here); and the data offsets a restored dump needs for
 * a fast parallel pg_restore.
 */
package io.lifeboat.format.postgres;
