/**
 * Logical dumps of PostgreSQL: a repeatable-read snapshot is exported, the per-table fingerprints are taken inside
 * it, and {@code pg_dump -Fc --snapshot} streams the same snapshot, so the manifest's fingerprints describe exactly
 * the rows in the dump.
 */
package io.lifeboat.backup.dump;
