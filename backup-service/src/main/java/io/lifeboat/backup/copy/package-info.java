/**
 * Copies of committed backups at every configured location. A backup is committed at the primary first; each other
 * location gets byte copies of the stored objects, then of the manifest (so its manifest SHA-256 is the announced
 * one and the manifest is still the commit marker there). A location that is down does not block the others: its
 * copy is PENDING and retried in the background until it lands, then announced. What interrupted writes leave at a
 * location (temporary files, incomplete multipart uploads) is removed daily once it is old enough.
 */
package io.lifeboat.backup.copy;
