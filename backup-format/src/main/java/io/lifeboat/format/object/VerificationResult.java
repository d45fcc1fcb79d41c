package io.lifeboat.format.object;

/**
 * What verifying one stored object found.
 *
 * @param key           the object's storage key
 * @param location      the storage location, as {@code Storage.describe()}
 * @param outcome       how it ended
 * @param storedBytes   stored bytes read and hashed
 * @param plainBytes    plaintext bytes produced and hashed (0 when only stored bytes were checked)
 * @param detail        why it is not VALID, in words that quote what they name; empty when VALID
 */
public record VerificationResult(String key, String location, VerificationOutcome outcome, long storedBytes,
                                 long plainBytes, String detail) {
}
