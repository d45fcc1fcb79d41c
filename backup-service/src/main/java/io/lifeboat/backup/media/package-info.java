/**
 * Call recordings and other media: an incremental mirror of a directory or of an S3 bucket prefix (any
 * S3-compatible server), read through backup-format's storage interface. Every poll lists the source once; the
 * objects that are new or changed since they were last stored (by key, size and version: the ETag on S3, the
 * modification time of a file) are stored as one MEDIA backup, one encrypted object each, copied to every location,
 * with their identities ({@code key|size|version}) in the manifest's metadata. Those manifests are the mirror's state:
 * they are read back at start-up, so a restart stores nothing again. New objects are stored within one poll interval
 * (default 10s, at most 1m: the minute the policy's "continuous" asks for); a source that is down is tried again every
 * poll, reported once per outage, and loses nothing. Retention is the policy's call-recordings period (90 days).
 */
package io.lifeboat.backup.media;
