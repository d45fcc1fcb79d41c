/**
 * Verifying one copy of a backup at one location: the sealed manifest authenticates under the master keys (and is
 * byte-identical to the one announced), and every object exists, decrypts with every GCM tag intact, and matches the
 * manifest's stored and plaintext sizes and SHA-256s. Every problem is collected, not only the first; outcomes are
 * enums (PASSED, CORRUPT, MISSING, MANIFEST_INVALID, KEY_UNAVAILABLE). A location that cannot be read is not an
 * outcome: the check is skipped and tried again.
 */
package io.lifeboat.verify.integrity;
