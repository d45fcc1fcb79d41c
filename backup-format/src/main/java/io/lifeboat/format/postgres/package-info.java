/**
 * What the repository format means for PostgreSQL: where its programs are, and the per-table fingerprint that a
 * backup records and a restore recomputes to prove the data came back. Both sides must compute it the same way,
 * which is why it lives here.
 */
package io.lifeboat.format.postgres;
