/**
 * One storage interface and its drivers: {@link io.lifeboat.format.storage.FilesystemStorage} and
 * {@link io.lifeboat.format.storage.S3Storage} (AWS S3 and S3-compatible servers). Keys are '/'-separated relative
 * paths, refused if they could escape the location. A put is atomic: readers see the whole object or none of it,
 * and a failed put leaves nothing partial. A listing can carry each object's size and version (S3 ETag, file
 * modification time), so new and replaced objects are told from unchanged ones without reading them. Failures are {@link io.lifeboat.format.storage.StorageException}s with a
 * reason: {@code NOT_FOUND} and {@code REFUSED} are permanent, {@code UNAVAILABLE} is transient (worth retrying).
 * Every driver passes the same contract test suite.
 */
package io.lifeboat.format.storage;
