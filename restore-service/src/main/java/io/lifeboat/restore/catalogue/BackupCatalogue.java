package io.lifeboat.restore.catalogue;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Completed backups by id. Adding the same backup again replaces its entry (events can be redelivered), except for
 * the locations a copy of it landed at later ({@link #copyStored}): those are kept, whichever of the two events came
 * first (they are on different topics).
 */
@Component
public class BackupCatalogue {

    private final Map<String, CatalogueEntry> entries = new ConcurrentHashMap<>();
    /** Locations a copy landed at after its backup was announced, by backup id. */
    private final Map<String, Set<String>> storedLater = new ConcurrentHashMap<>();

    public synchronized void add(CatalogueEntry entry) {
        entries.put(entry.backupId(), entry.alsoStoredAt(storedLater.getOrDefault(entry.backupId(), Set.of())));
    }

    /** A copy of backup {@code backupId} announced as pending has landed at {@code location}: it may be read there. */
    public synchronized void copyStored(String backupId, String location) {
        storedLater.computeIfAbsent(backupId, id -> new LinkedHashSet<>()).add(location);
        entries.computeIfPresent(backupId, (id, entry) -> entry.alsoStoredAt(Set.of(location)));
    }

    public Optional<CatalogueEntry> find(String backupId) {
        return Optional.ofNullable(entries.get(backupId));
    }

    /**
     * The newest backup of {@code dataType} whose snapshot was taken before {@code before}, of {@code source} when
     * given.
     */
    public Optional<CatalogueEntry> newestBefore(String dataType, Instant before, Optional<String> source) {
        return entries.values().stream()
                .filter(e -> e.dataType().equals(dataType) && e.startedAt().isBefore(before))
                .filter(e -> source.map(e.source()::equals).orElse(true))
                .max(Comparator.comparing(CatalogueEntry::startedAt));
    }

    /** Backups of {@code dataType} completed at or after {@code since}, oldest first. */
    public List<CatalogueEntry> since(String dataType, Instant since) {
        return entries.values().stream().filter(e -> e.dataType().equals(dataType) && !e.completedAt().isBefore(since))
                .sorted(Comparator.comparing(CatalogueEntry::completedAt)).toList();
    }

    /** Newest first. */
    public List<CatalogueEntry> all() {
        return entries.values().stream().sorted(Comparator.comparing(CatalogueEntry::completedAt).reversed()).toList();
    }
}
