/**
 * Single-table restore (policy 5.1 "single table corruption"): the newest dump taken before a given time is
 * restored whole into a scratch database on the target server, the one table is renamed there if asked (with its
 * indexes and owned sequences, so nothing clashes), dumped alone and restored into the target database in one
 * transaction. A partition is detached from its tree in the scratch database first: under a new name it comes back
 * as a table of its own; under its own name it is attached to its partitioned table again once restored (the live
 * partition it replaces is detached first, and attached again should the restore fail). Only that table is written;
 * the restored table is proven against the manifest's fingerprint of the original.
 */
package io.lifeboat.restore.table;
