/**
 * verify-service's own view of the backups it must keep proving intact, built from BackupCompleted events: what
 * was announced (manifest key and checksum) and which locations stored a copy.
 */
package io.lifeboat.verify.catalogue;
