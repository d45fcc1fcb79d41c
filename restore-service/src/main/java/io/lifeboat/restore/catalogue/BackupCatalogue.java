package io.lifeboat.restore.catalogue;

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

    /** Newest first. */
    public List<CatalogueEntry> all() {
        return entries.values().stream().sorted(Comparator.comparing(CatalogueEntry::completedAt).reversed()).toList();
    }
}
