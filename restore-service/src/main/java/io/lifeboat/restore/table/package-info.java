/**
 * Single-table restore (policy 5.1 "single table corruption"): the newest dump taken before a given time is
 * restored whole into a scratch database on the target server, the one table is renamed there to a staging name
 * (with its indexes and owned sequences, so nothing clashes), dumped alone and restored into the target database
 * beside the live tables. Only once the staged table is proven against the manifest's fingerprint of the original is
 * it put in place, in one transaction: a forced replacement drops the live table, the staged one takes its final name
 * (the table's own or the new one asked for), and a partition restored under its own name is attached to its
 * partitioned table again. A partition is detached from its tree in the scratch database first, so under a new name
 * it comes back as a table of its own. A restore that fails at any step, the fingerprint included, leaves the target
 * as it was; the staged table is dropped whatever happened.
 */
package io.lifeboat.restore.table;
