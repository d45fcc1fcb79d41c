package io.lifeboat.verify.wal;

import io.lifeboat.format.wal.WalSegmentName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The continuity check of a WAL archive, pure: walking from a start segment to the newest stored one, every position
 * must have a segment on the current timeline or a later one; moving to a later timeline needs that timeline's
 * history file, and the chain never goes back to an earlier timeline.
 */
public final class WalChain {

    /** One break in the chain. */
    public record Problem(Kind kind, String segment, String detail) {
    }

    /** What kind of break. */
    public enum Kind {
        /** A segment between the start and the newest segment is not stored. */
        MISSING_SEGMENT,
        /** The chain moves to a timeline whose history file is not stored. */
        MISSING_HISTORY,
        /** The start segment is not stored. */
        MISSING_START
    }

    /**
     * What the check found.
     *
     * @param newest   the newest segment on the chain, empty when the archive is empty
     * @param segments how many positions the chain covers
     */
    public record Result(List<Problem> problems, Optional<String> newest, long segments) {
        public boolean continuous() {
            return problems.isEmpty();
        }
    }

    private WalChain() {
    }

    /**
     * @param start       the first segment the chain must hold (the oldest retained base backup's start segment);
     *                    empty to start at the oldest stored segment
     * @param segmentSize the cluster's WAL segment size in bytes
     */
    public static Result check(WalArchive archive, Optional<WalSegmentName> start, long segmentSize) {
        TreeMap<Long, TreeSet<Long>> timelinesByNumber = new TreeMap<>();
        for (String name : archive.segmentNames()) {
            WalSegmentName s = WalSegmentName.parse(name, segmentSize);
            timelinesByNumber.computeIfAbsent(s.segmentNo(), n -> new TreeSet<>()).add(s.timeline());
        }
        List<Problem> problems = new ArrayList<>();
        // an empty archive, or one whose newest segment is older than the start (archiving stopped before the base
        // backup): no chain at all, which must not pass as an empty one
        if (timelinesByNumber.isEmpty() || start.isPresent()
                && start.get().segmentNo() > timelinesByNumber.lastKey()) {
            start.ifPresent(s -> problems.add(new Problem(Kind.MISSING_START, s.fileName(),
                    "wal segment '" + s.fileName() + "' where the chain starts is not stored, nor any after it")));
            return new Result(problems, Optional.empty(), 0);
        }
        long first = start.map(WalSegmentName::segmentNo).orElse(timelinesByNumber.firstKey());
        long timeline = start.map(WalSegmentName::timeline).orElse(timelinesByNumber.firstEntry().getValue().first());
        long last = timelinesByNumber.lastKey();
        Set<Long> histories = archive.timelinesWithHistory();
        String newest = null;
        for (long n = first; n <= last; n++) {
            TreeSet<Long> timelines = timelinesByNumber.get(n);
            Long next = timelines == null ? null : timelines.ceiling(timeline);
            if (next == null) {
                String missing = new WalSegmentName(timeline, n, segmentSize).fileName();
                problems.add(new Problem(n == first ? Kind.MISSING_START : Kind.MISSING_SEGMENT, missing,
                        "wal segment '" + missing + "' is missing: the chain breaks there"));
                continue;
            }
            long highest = timelines.last();
            if (highest > timeline) {
                if (!histories.contains(highest)) {
                    String history = String.format(Locale.ROOT, "%08X.history", highest);
                    problems.add(new Problem(Kind.MISSING_HISTORY, history, "timeline " + highest
                            + " has no history file '" + history + "': the switch from timeline " + timeline
                            + " cannot be followed"));
                }
                timeline = highest;
            }
            newest = new WalSegmentName(timeline, n, segmentSize).fileName();
        }
        return new Result(problems, Optional.ofNullable(newest), Math.max(0, last - first + 1));
    }
}
