/**
 * Logical restores: a dump is read from the first location whose copy is intact (primary, then the others in
 * configured order), restored with pg_restore into a new database, and proven complete by recomputing the per-table
 * fingerprints recorded in its manifest. The measured time is compared with the RTO.
 */
package io.lifeboat.restore.logical;
