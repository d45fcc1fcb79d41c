package io.lifeboat.restore.catalogue;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A completed backup as announced: where its manifest is, its checksum, and the locations that stored it.
 * {@code startedAt} is when its snapshot was taken (the data is as of then).
 */
public record CatalogueEntry(String backupId, String dataType, String source, Instant startedAt, Instant completedAt,
                             String manifestKey, String manifestSha256, List<String> storedAt) {

    public CatalogueEntry {
        storedAt = List.copyOf(storedAt);
    }

    /** This entry, also stored at {@code locations}. */
    CatalogueEntry alsoStoredAt(Collection<String> locations) {
        Set<String> all = new LinkedHashSet<>(storedAt);
        all.addAll(locations);
        return all.size() == storedAt.size() ? this : new CatalogueEntry(backupId, dataType, source, startedAt,
                completedAt, manifestKey, manifestSha256, List.copyOf(all));
    }
}
