/**
 * Logical restores: a dump is decrypted from the first location whose copy is intact (primary, secondary region,
 * cold) into the scratch directory, restored with {@code pg_restore -j N} into a new database, and proven complete by
 * recomputing the per-table fingerprints recorded in its manifest. The measured time is compared with the RTO of the
 * asset's priority (policy 3.2).
 */
package io.lifeboat.restore.logical;
