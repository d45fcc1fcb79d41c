/**
 * The repository format shared by backup, verify and restore: how a backup lies on storage. A backup is a set of
 * data objects plus a manifest written last (the commit marker) under {@link io.lifeboat.format.layout.RepositoryLayout}'s
 * keys, on any {@link io.lifeboat.format.storage.Storage} driver. Objects flow through
 * {@link io.lifeboat.format.object} (zstd, AES-256-GCM, SHA-256), their data key is wrapped by a master key from
 * {@link io.lifeboat.format.crypto}, and the manifest is sealed by {@link io.lifeboat.format.manifest.ManifestStore}.
 */
package io.lifeboat.format;
