/**
 * Envelope encryption of backups.
 *
 * <ul>
 *   <li>A <b>data key</b> ({@link io.lifeboat.format.crypto.DataKey}) is generated per backup: a Tink StreamingAead
 *   keyset ({@code AES256_GCM_HKDF_1MB}) that encrypts the backup's objects as streams of 1 MiB authenticated
 *   segments.</li>
 *   <li>A <b>master key</b> is named by a <b>key id</b> and lives in a {@link io.lifeboat.format.crypto.MasterKeyProvider}:
 *   a local keyset file by default ({@link io.lifeboat.format.crypto.LocalKeysetMasterKeys}), a KMS in production.
 *   Master keys never leave the provider; they only <b>wrap</b> (encrypt) and <b>unwrap</b> small secrets.</li>
 *   <li>A <b>wrapped data key</b> ({@link io.lifeboat.format.crypto.WrappedDataKey}) is the data key encrypted by a
 *   master key, bound to its backup id; it is stored in the backup's manifest beside the master key id.</li>
 *   <li>{@link io.lifeboat.format.crypto.CipherWarmUp} gets the JDK's AES-GCM compiled as a service starts, so that
 *   its first backup or restore does not run the cipher interpreted.</li>
 *   <li><b>Rotation</b> adds a master key id, makes it current and re-wraps every backup's data key with it; the data
 *   itself is never re-encrypted, and the old master key can be retired once nothing refers to it.</li>
 * </ul>
 *
 * <p>What must stay true: no key material appears in {@code toString()}, logs or exception messages (not even a
 * fragment of a malformed keyset file), and a wrong or missing master key is reported as such, never as corruption.
 */
package io.lifeboat.format.crypto;
