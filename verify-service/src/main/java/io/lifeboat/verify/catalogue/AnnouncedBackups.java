package io.lifeboat.verify.catalogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Announced backups by id; a repeated announcement replaces the entry. Thread-safe. */
@Component
public class AnnouncedBackups {

    private final Map<String, AnnouncedBackup> byId = new ConcurrentHashMap<>();

    public void add(AnnouncedBackup backup) {
        byId.put(backup.backupId(), backup);
    }

    /** A pending copy of {@code backupId} landed at {@code location}. Unknown backups are ignored. */
    public void copyStored(String backupId, String location) {
        byId.computeIfPresent(backupId, (id, b) -> {
            if (b.storedAt().contains(location)) {
                return b;
            }
            List<String> storedAt = new ArrayList<>(b.storedAt());
            storedAt.add(location);
            return new AnnouncedBackup(b.backupId(), b.correlationId(), b.dataType(), b.completedAt(),
                    b.manifestKey(), b.manifestSha256(), b.storedBytes(), storedAt);
        });
    }

    public Optional<AnnouncedBackup> find(String backupId) {
        return Optional.ofNullable(byId.get(backupId));
    }

    /** Every announced backup, oldest first. */
    public List<AnnouncedBackup> all() {
        return byId.values().stream().sorted(Comparator.comparing(AnnouncedBackup::completedAt)
                .thenComparing(AnnouncedBackup::backupId)).toList();
    }
}
