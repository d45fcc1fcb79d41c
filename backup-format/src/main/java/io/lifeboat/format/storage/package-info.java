/**
 * One storage interface and its drivers. Keys are '/'-separated relative paths. A put is atomic: readers see the
 * whole object or none of it. Failures are {@link io.lifeboat.format.storage.StorageException}s classified as
 * transient (worth retrying) or permanent.
 */
package io.lifeboat.format.storage;
