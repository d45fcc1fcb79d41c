/**
 * Call recordings and other media: an incremental mirror of a directory. Every poll, files not mirrored yet (by
 * relative path, size and modification time) are stored as one MEDIA backup, one encrypted object per file, with the
 * relative paths in the manifest's metadata; which files are mirrored is read back from those manifests at start-up,
 * so a restart does not store everything again. Files are picked up within one poll interval (default 30s, within
 * the minute the policy's "real-time" asks for).
 */
package io.lifeboat.backup.media;
