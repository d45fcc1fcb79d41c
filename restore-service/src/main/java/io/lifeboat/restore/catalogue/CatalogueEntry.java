package io.lifeboat.restore.catalogue;

import java.time.Instant;
import java.util.List;

/**
 * A completed backup as announced: where its manifest is, its checksum, and the locations that stored it.
 * {@code startedAt} is when its snapshot was taken (the data is as of then).
 */
public record CatalogueEntry(String backupId, String dataType, String source, Instant startedAt, Instant completedAt,
                             String manifestKey, String manifestSha256, List<String> storedAt) {

    public CatalogueEntry {
        storedAt = List.copyOf(storedAt);
    }
}
