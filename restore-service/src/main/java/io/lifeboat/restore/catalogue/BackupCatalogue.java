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
    private static final String WAL = "WAL";

    /** Locations a copy landed at before its backup's own event came, by backup id. */
    private final Map<String, Set<String>> storedLater = new ConcurrentHashMap<>();

    public synchronized void add(CatalogueEntry entry) {
        Set<String> landedLater = new LinkedHashSet<>(storedLater.getOrDefault(entry.backupId(), Set.of()));
        CatalogueEntry known = entries.get(entry.backupId());
        if (known != null) {
            landedLater.addAll(known.storedAt());
        }
        entries.put(entry.backupId(), entry.alsoStoredAt(landedLater));
        storedLater.remove(entry.backupId());
    }

    /**
     * A copy of backup {@code backupId} of {@code dataType} announced as pending has landed at {@code location}: it
     * may be read there. Remembered until the backup's own event comes if that has not come yet. WAL segments are not
     * catalogued (they are announced by WalArchived, which this catalogue does not read; point-in-time restores find
     * them in the repository), so their copies are ignored: remembering them would grow without end.
     */
    public synchronized void copyStored(String backupId, String dataType, String location) {
        if (WAL.equals(dataType)) {
            return;
        }
        if (entries.containsKey(backupId)) {
            entries.computeIfPresent(backupId, (id, entry) -> entry.alsoStoredAt(Set.of(location)));
        } else {
            storedLater.computeIfAbsent(backupId, id -> new LinkedHashSet<>()).add(location);
        }
    }

    /** How many backups have copies remembered for an event that has not come yet. */
    int awaitingTheirBackup() {
        return storedLater.size();
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
