/**
 * The manifest: the list of a backup's objects with their sizes and SHA-256s (plaintext and stored), the source's
 * metadata and per-table fingerprints. It is written last and is the backup's commit marker: a backup without a
 * manifest does not exist.
 *
 * <ul>
 *   <li>An <b>encrypted</b> backup's manifest carries its data key wrapped by a master key ({@code encryption}:
 *   master key id and wrapped data key); an unencrypted one has none.</li>
 *   <li>A <b>sealed</b> manifest ({@link io.lifeboat.format.manifest.ManifestStore}) is the manifest's exact JSON
 *   bytes plus an HMAC-SHA256 whose key a master key wraps: any edit (a size, a checksum, a codec) fails
 *   authentication on read ({@code MANIFEST_INVALID}), and so does a manifest moved to another backup's key.</li>
 *   <li><b>Rotation</b> ({@link io.lifeboat.format.manifest.KeyRotation}) re-wraps data keys and re-seals manifests
 *   with the current master key, in place and atomically; object data is never rewritten.</li>
 * </ul>
 *
 * <p>{@link io.lifeboat.format.manifest.ManifestCodec} stays the plain JSON form (no seal), for tests and tools.
 */
package io.lifeboat.format.manifest;
