/**
 * Reading a backup back from the repository: the sealed manifest (MAC checked, and the bytes the ones announced in
 * BackupCompleted) and its objects decrypted by {@link io.lifeboat.format.object.ObjectReader}, which verifies
 * while reading. Locations are tried in configured order (primary, secondary region, cold); a copy that is
 * missing, altered or unreadable is skipped, and the result names the copy that was used and why others were not.
 * Plaintext goes to files in the scratch directory or, streamed, to a sink; a sink whose own destination fails
 * ({@link io.lifeboat.restore.copy.DestinationFailure}) stops the reading without blaming the copy.
 */
package io.lifeboat.restore.copy;
