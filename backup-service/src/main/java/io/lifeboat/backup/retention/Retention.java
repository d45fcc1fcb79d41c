package io.lifeboat.backup.retention;

import io.lifeboat.format.wal.WalSegmentName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** The retention decision: a pure function, no storage, no clock. */
public final class Retention {

    public static final String WAL = "WAL";
    public static final String DATABASE_BASE = "DATABASE_BASE";

    private Retention() {
    }

    /** What is kept or removed. */
    public enum Decision {
        KEEP, REMOVE
    }

    /**
     * One committed backup as retention sees it.
     *
     * @param walStart for a base backup, the segment holding its WAL start LSN; for a WAL backup, its segment, or
     *                 empty for a timeline history file (tiny, and needed to follow any later timeline: kept)
     */
    public record Item(String dataType, String backupId, Instant completedAt, Optional<WalSegmentName> walStart) {
        public Item {
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(backupId, "backupId");
            Objects.requireNonNull(completedAt, "completedAt");
            walStart = walStart == null ? Optional.empty() : walStart;
        }
    }

    /** The decision about one item and why. */
    public record Verdict(Item item, Decision decision, String reason) {
    }

    /**
     * Decides for every item of {@code catalogue}, in catalogue order.
     *
     * @param retention how long each data type is kept; a type it does not name is kept
     */
    public static List<Verdict> apply(Map<String, Duration> retention, List<Item> catalogue, Instant now) {
        Map<String, Item> newest = catalogue.stream().collect(Collectors.toMap(Item::dataType, i -> i,
                (a, b) -> newer(a, b), LinkedHashMap::new));
        Optional<Item> anchor = pitrAnchor(retention, catalogue, now);
        List<Verdict> verdicts = new ArrayList<>();
        for (Item item : catalogue) {
            verdicts.add(decide(item, retention.get(item.dataType()), newest.get(item.dataType()) == item, anchor,
                    now));
        }
        return verdicts;
    }

    private static Verdict decide(Item item, Duration keepFor, boolean newestOfType, Optional<Item> anchor,
                                  Instant now) {
        if (keepFor == null) {
            return new Verdict(item, Decision.KEEP, "no retention for data type '" + item.dataType() + "'");
        }
        if (item.dataType().equals(WAL) && item.walStart().isEmpty()) {
            return new Verdict(item, Decision.KEEP, "timeline history is kept for point-in-time recovery");
        }
        Instant cutoff = now.minus(keepFor);
        if (!item.completedAt().isBefore(cutoff)) {
            return new Verdict(item, Decision.KEEP, "within retention " + days(keepFor));
        }
        if (newestOfType) {
            return new Verdict(item, Decision.KEEP, "newest backup of type '" + item.dataType() + "'");
        }
        if (item.dataType().equals(WAL) && anchor.isPresent() && item.walStart().isPresent()
                && anchor.get().walStart().isPresent()
                && item.walStart().get().compareTo(anchor.get().walStart().get()) >= 0) {
            return new Verdict(item, Decision.KEEP, "needed for point-in-time recovery from base backup '"
                    + anchor.get().backupId() + "'");
        }
        return new Verdict(item, Decision.REMOVE, "older than retention " + days(keepFor));
    }

    /**
     * The base backup from which recovery to the oldest point of the PITR window starts: the newest base backup
     * completed at or before the window's start, or the oldest base backup if none is that old. Only base backups
     * that are themselves retained count.
     */
    static Optional<Item> pitrAnchor(Map<String, Duration> retention, List<Item> catalogue, Instant now) {
        Duration window = retention.get(WAL);
        Duration baseKeep = retention.get(DATABASE_BASE);
        List<Item> bases = catalogue.stream().filter(i -> i.dataType().equals(DATABASE_BASE))
                .filter(i -> i.walStart().isPresent())
                .sorted(Comparator.comparing(Item::completedAt)).toList();
        if (bases.isEmpty() || window == null) {
            return Optional.empty();
        }
        Instant windowStart = now.minus(window);
        Item newestBase = bases.get(bases.size() - 1);
        List<Item> retained = bases.stream().filter(b -> b == newestBase || baseKeep == null
                || !b.completedAt().isBefore(now.minus(baseKeep))).toList();
        Optional<Item> beforeWindow = retained.stream().filter(b -> !b.completedAt().isAfter(windowStart))
                .reduce((a, b) -> b);
        return beforeWindow.or(() -> retained.stream().findFirst());
    }

    private static Item newer(Item a, Item b) {
        int byTime = a.completedAt().compareTo(b.completedAt());
        return byTime > 0 || (byTime == 0 && a.backupId().compareTo(b.backupId()) > 0) ? a : b;
    }

    private static String days(Duration d) {
        return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }
}
