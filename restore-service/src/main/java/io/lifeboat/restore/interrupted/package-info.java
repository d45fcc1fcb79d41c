/**
 * What a restore-service that died mid-work (killed, out of memory, host lost) left behind, found and undone when the
 * next one starts, before it takes requests: an exclusive lock on the scratch directory (two services sharing one
 * would sweep each other's work), the scratch leftovers (decrypted dumps and WAL, which are plaintext copies of
 * customer data, and throwaway clusters, which may still be running), and the restores the journal says were
 * accepted and never reported: their half-done targets are removed (a database only if the restore itself created
 * it, by its mark; the table a single-table restore had restored into a live database under its temporary name, by
 * that exact name) and each is reported FAILED as interrupted.
 */
package io.lifeboat.restore.interrupted;
