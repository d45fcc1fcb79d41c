/**
 * The manifest: the list of a backup's objects with their sizes and SHA-256s (plaintext and stored), the source's
 * metadata and per-table fingerprints. It is written last and is the backup's commit marker: a backup without a
 * manifest does not exist.
 */
package io.lifeboat.format.manifest;
