package io.lifeboat.verify.sweep;

import java.time.Instant;
import java.util.Optional;

/**
 * One copy the sweep may verify.
 *
 * @param storedBytes  what verifying it reads
 * @param lastVerified when it was last verified, empty if never
 */
public record CopyDue(String backupId, String location, long storedBytes, Instant completedAt,
                      Optional<Instant> lastVerified) {
}
