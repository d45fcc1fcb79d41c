/**
 * Logical restores: a dump is read from the first location whose copy is intact (primary, secondary region, cold)
 * and restored into a new database while it is decrypted: pg_restore makes the schema from its table of contents,
 * the tables' rows are loaded from the stream, then pg_restore builds indexes and constraints with {@code -j N}. The
 * restore is proven complete by the per-table fingerprints recorded in the manifest: every row hashed as it is sent
 * with the row counts the server acknowledged ({@link SentRowsProof}), or every row read back batch by batch on a
 * second connection ({@link IncrementalProof}, what restore tests do). The measured time is compared with the RTO
 * of the asset's priority (policy 3.2).
 */
package io.lifeboat.restore.logical;
