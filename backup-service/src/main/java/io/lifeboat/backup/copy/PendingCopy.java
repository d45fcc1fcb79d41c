package io.lifeboat.backup.copy;

import io.lifeboat.format.storage.StorageTier;

/** A committed backup whose copy at {@code location} has not landed yet. */
public record PendingCopy(String backupId, String dataType, String manifestKey, String manifestSha256,
                          String location, StorageTier tier) {
}
