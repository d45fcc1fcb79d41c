/**
 * Physical base backups of PostgreSQL: {@code pg_basebackup -Ft -D - -X fetch} streams the cluster as one tar
 * (with the WAL needed to make it consistent, and PostgreSQL's own backup_manifest) into the object chain, without
 * a temporary copy on disk. The WAL range (start and stop LSN), timeline and system identifier go into the
 * Lifeboat manifest, so point-in-time recovery can pick the WAL segments that follow.
 */
package io.lifeboat.backup.base;
