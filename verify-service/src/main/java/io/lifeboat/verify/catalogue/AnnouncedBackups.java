package io.lifeboat.verify.catalogue;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Announced backups by id; a repeated announcement replaces the entry. */
@Component
public class AnnouncedBackups {

    private final Map<String, AnnouncedBackup> byId = new ConcurrentHashMap<>();

    public void add(AnnouncedBackup backup) {
        byId.put(backup.backupId(), backup);
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
