/**
 * Backup objects on their way to and from storage, as one stream in constant memory:
 *
 * <pre>
 * write: plaintext -> zstd (1 MiB frames) -> AES-256-GCM (Tink StreamingAead, 1 MiB segments) -> SHA-256 -> Storage.put
 * read:  Storage.open -> SHA-256 -> AES-256-GCM -> zstd -> SHA-256 -> plaintext, checked at the end
 * </pre>
 *
 * <ul>
 *   <li>The <b>codec list</b> of a {@link io.lifeboat.format.manifest.ManifestObject} names the filters applied on the
 *   way to storage, in order ({@code ["zstd", "aes256-gcm-hkdf-1mb"]}); readers undo them in reverse.</li>
 *   <li><b>Plain</b> size and SHA-256 describe the bytes the source yielded; <b>stored</b> size and SHA-256 describe
 *   the bytes on storage. Both are in the manifest and both are checked on every read.</li>
 *   <li>The object's storage key is the cipher's associated data, so an object moved to another key does not
 *   decrypt.</li>
 *   <li>A read ends in a {@link io.lifeboat.format.object.VerificationOutcome}: {@code VALID}, or exactly why not
 *   ({@code CORRUPT}, {@code MISSING}, {@code KEY_UNAVAILABLE}, {@code STORAGE_UNAVAILABLE}).</li>
 * </ul>
 *
 * <p>What must stay true: no buffer grows with an object's size; a failure on either side of a write is reported,
 * never a silently truncated object; plaintext handed out before the end is authenticated segment by segment, but
 * the object is only proven whole when the read reaches its end without an exception.
 */
package io.lifeboat.format.object;
