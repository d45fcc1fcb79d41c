package io.lifeboat.verify.location;

import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageTier;

/**
 * An opened storage location.
 *
 * @param quotaBytes the capacity storage use is measured against on object stores; 0 when none is configured
 */
public record Location(String name, StorageTier tier, Storage storage, long quotaBytes) {
}
