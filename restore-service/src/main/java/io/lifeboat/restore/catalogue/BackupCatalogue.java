package io.lifeboat.restore.catalogue;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Completed backups by id. Adding the same backup again replaces its entry (events can be redelivered). */
@Component
public class BackupCatalogue {

    private final Map<String, CatalogueEntry> entries = new ConcurrentHashMap<>();

    public void add(CatalogueEntry entry) {
        entries.put(entry.backupId(), entry);
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
