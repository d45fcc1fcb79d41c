/**
 * Reading a backup back from the repository: the sealed manifest (MAC checked, and the bytes the ones announced in
 * BackupCompleted) and its objects decrypted by {@link io.lifeboat.format.object.ObjectReader}, which verifies
 * while reading. Locations are tried in configured order (primary, secondary region, cold); a copy that is
 * missing, altered or unreadable is skipped, and the result names the copy that was used and why others were not.
 */
package io.lifeboat.restore.copy;
