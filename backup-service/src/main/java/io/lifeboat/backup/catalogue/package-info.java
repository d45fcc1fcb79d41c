/**
 * The catalogue: the committed backups, read from the sealed manifests at the primary location. A backup without a
 * manifest (a run that failed or was killed mid-upload) is not in it, whatever objects it left behind.
 */
package io.lifeboat.backup.catalogue;
