/**
 * verify-service's own view of the backups it must keep proving intact, built from BackupCompleted, WalArchived
 * (one WAL backup per segment) and CopyStored events replayed from the beginning at start-up: what was announced
 * (manifest key and checksum, size, time) and which locations hold a copy.
 */
package io.lifeboat.verify.catalogue;
