package io.lifeboat.backup.retention;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.wal.WalSegmentName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out retention: decides over the catalogue, removes each REMOVE verdict from every location (the other
 * locations first, the primary last, and at each the manifest before the objects), and announces it. When a
 * location cannot be cleaned the primary keeps the backup, so it stays in the catalogue and the next run tries again.
 */
@Component
public class RetentionRun {

    private static final Logger log = LoggerFactory.getLogger(RetentionRun.class);

    private final Catalogue catalogue;
    private final Locations locations;
    private final ExpiryReporter reporter;
    private final Map<String, Duration> periods;

    public RetentionRun(Catalogue catalogue, Locations locations, ExpiryReporter reporter, Policy policy) {
        this.catalogue = catalogue;
        this.locations = locations;
        this.reporter = reporter;
        this.periods = RetentionPeriods.from(policy);
    }

    /** Applies retention as of {@code now}; returns every verdict. */
    public List<Retention.Verdict> run(Instant now) {
        List<Retention.Item> items = catalogue.list(Optional.empty()).stream().map(RetentionRun::item).toList();
        List<Retention.Verdict> verdicts = Retention.apply(periods, items, now);
        for (Retention.Verdict v : verdicts) {
            if (v.decision() == Retention.Decision.REMOVE) {
                remove(v);
            }
        }
        log.info("retention kept {} and removed {} backups", verdicts.stream()
                .filter(v -> v.decision() == Retention.Decision.KEEP).count(), verdicts.stream()
                .filter(v -> v.decision() == Retention.Decision.REMOVE).count());
        return verdicts;
    }

    private void remove(Retention.Verdict v) {
        String manifestKey = RepositoryLayout.manifestKey(v.item().dataType(), v.item().backupId());
        List<String> removedFrom = new ArrayList<>();
        for (Locations.Opened other : locations.others()) {
            if (!removeAt(other.storage(), manifestKey)) {
                log.warn("backup '{}' stays until location '{}' can be cleaned", v.item().backupId(), other.name());
                return;
            }
            removedFrom.add(other.name());
        }
        if (!removeAt(locations.primary().storage(), manifestKey)) {
            return;
        }
        removedFrom.add(locations.primary().name());
        log.info("backup '{}' of type {} removed: {}", v.item().backupId(), v.item().dataType(), v.reason());
        try {
            reporter.expired(v, removedFrom);
        } catch (RuntimeException e) {
            log.error("removal of backup '{}' could not be announced: {}", v.item().backupId(), e.getMessage());
        }
    }

    private static boolean removeAt(Storage storage, String manifestKey) {
        String prefix = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
        try {
            storage.delete(manifestKey);
            for (String key : storage.list(prefix)) {
                storage.delete(key);
            }
            return true;
        } catch (StorageException e) {
            log.warn("unable to remove '{}' from {}: {}", prefix, storage.describe(), e.getMessage());
            return false;
        }
    }

    static Retention.Item item(Manifest m) {
        Map<String, String> md = m.metadata();
        long segmentSize = Optional.ofNullable(md.get("segmentSize")).map(Long::parseLong)
                .orElse(WalSegmentName.DEFAULT_SEGMENT_SIZE);
        Optional<WalSegmentName> walStart = Optional.empty();
        if (md.containsKey("segmentName")) {
            walStart = Optional.of(WalSegmentName.parse(md.get("segmentName"), segmentSize));
        } else if (md.containsKey("walStartLsn") && md.containsKey("timeline")) {
            walStart = Optional.of(WalSegmentName.ofLsn(Long.parseLong(md.get("timeline")), md.get("walStartLsn"),
                    segmentSize));
        }
        return new Retention.Item(m.dataType(), m.backupId(), m.completedAt(), walStart);
    }
}
