/**
 * Verifying one copy of a backup against its manifest: the manifest is the one announced, every object exists, and
 * its stored size and SHA-256 match. Every problem is collected, not only the first; the outcome is an enum.
 */
package io.lifeboat.verify.integrity;
