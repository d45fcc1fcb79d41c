package io.lifeboat.restore.pitr;

import java.util.ArrayList;
import java.util.List;

/**
 * The timelines a cluster's WAL went through up to its newest, read from the newest timeline's history file
 * ({@code 00000002.history}: one line per ancestor, "parent timeline, switch point LSN, reason"), and which of them
 * holds each WAL segment on the way: the newest timeline that had begun by the segment's last byte, which is the file
 * PostgreSQL asks for when it recovers along that path ({@code recovery_target_timeline = 'latest'}).
 */
record TimelineHistory(long newest, List<Switch> switches) {

    /** Timeline {@code timeline} ended, and the next on the path began, at {@code lsn}. */
    record Switch(long timeline, long lsn) {
    }

    TimelineHistory {
        switches = List.copyOf(switches);
    }

    /** A cluster that never switched timeline. */
    static TimelineHistory single(long timeline) {
        return new TimelineHistory(timeline, List.of());
    }

    /**
     * Parses the history file of timeline {@code newest}.
     *
     * @throws IllegalArgumentException naming the line that is not "timeline, LSN, reason"
     */
    static TimelineHistory parse(long newest, String content) {
        List<Switch> switches = new ArrayList<>();
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+", 3);
            if (fields.length < 2) {
                throw new IllegalArgumentException("timeline history line '" + trimmed + "' is not"
                        + " 'timeline LSN reason'");
            }
            try {
                switches.add(new Switch(Long.parseLong(fields[0]), lsn(fields[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("timeline history line '" + trimmed + "' is not"
                        + " 'timeline LSN reason'", e);
            }
        }
        return new TimelineHistory(newest, switches);
    }

    /** The timeline whose file holds segment {@code segmentNo} on the way to {@link #newest}. */
    long timelineOf(long segmentNo, long segmentSize) {
        long lastByte = (segmentNo + 1) * segmentSize - 1;
        long timeline = switches.isEmpty() ? newest : switches.get(0).timeline();
        for (int i = 0; i < switches.size(); i++) {
            long next = i + 1 < switches.size() ? switches.get(i + 1).timeline() : newest;
            if (Long.compareUnsigned(switches.get(i).lsn(), lastByte) <= 0) {
                timeline = next;
            }
        }
        return timeline;
    }

    private static long lsn(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2) {
            throw new NumberFormatException("invalid LSN '" + text + "'");
        }
        return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
    }
}
