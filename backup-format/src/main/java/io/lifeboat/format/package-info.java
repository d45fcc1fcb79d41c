/**
 * The repository format shared by backup, verify and restore: how a backup lies on storage. A backup is a set of
 * data objects plus a manifest written last (the commit marker) under {@link io.lifeboat.format.layout.RepositoryLayout}'s
 * keys, on any {@link io.lifeboat.format.storage.Storage} driver.
 */
package io.lifeboat.format;
