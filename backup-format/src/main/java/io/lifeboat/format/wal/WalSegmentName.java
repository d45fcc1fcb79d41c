package io.lifeboat.format.wal;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One WAL segment's name.
 *
 * @param timeline    the timeline id (1 for a cluster never promoted or recovered to a point in time)
 * @param segmentNo   the segment number on that timeline: LSN / segment size
 * @param segmentSize bytes per segment (16 MiB unless the cluster was made with {@code initdb --wal-segsize})
 */
public record WalSegmentName(long timeline, long segmentNo, long segmentSize) implements Comparable<WalSegmentName> {

    /** PostgreSQL's default segment size. */
    public static final long DEFAULT_SEGMENT_SIZE = 16L * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[0-9A-F]{24}");
    private static final long LOG_SIZE = 0x1_0000_0000L;

    public WalSegmentName {
        if (timeline < 1 || timeline > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("wal timeline " + timeline + " is outside [1, ffffffff]");
        }
        if (segmentSize < 1024 * 1024 || Long.bitCount(segmentSize) != 1 || segmentSize > 1024L * 1024 * 1024) {
            throw new IllegalArgumentException("wal segment size " + segmentSize + " is not a power of two in [1 MiB, 1 GiB]");
        }
        if (segmentNo < 0) {
            throw new IllegalArgumentException("wal segment number " + segmentNo + " is negative");
        }
    }

    /** Whether {@code fileName} is a complete segment's name (not a .partial, .history or .backup file). */
    public static boolean isSegmentFileName(String fileName) {
        return fileName != null && NAME.matcher(fileName).matches();
    }

    /** Parses a segment file name; 16 MiB segments. */
    public static WalSegmentName parse(String fileName) {
        return parse(fileName, DEFAULT_SEGMENT_SIZE);
    }

    /** Parses a segment file name of a cluster with {@code segmentSize}-byte segments. */
    public static WalSegmentName parse(String fileName, long segmentSize) {
        if (!isSegmentFileName(fileName)) {
            throw new IllegalArgumentException("invalid wal segment name '" + fileName + "' (24 upper-case hex digits)");
        }
        long timeline = Long.parseLong(fileName.substring(0, 8), 16);
        long log = Long.parseLong(fileName.substring(8, 16), 16);
        long seg = Long.parseLong(fileName.substring(16, 24), 16);
        long perLog = LOG_SIZE / segmentSize;
        if (seg >= perLog) {
            throw new IllegalArgumentException("invalid wal segment name '" + fileName + "': segment " + seg
                    + " of a log holding " + perLog + " segments of " + segmentSize + " bytes");
        }
        return new WalSegmentName(timeline, log * perLog + seg, segmentSize);
    }

    /** The segment holding {@code lsn} (e.g. {@code 0/3000028}) on {@code timeline}. */
    public static WalSegmentName ofLsn(long timeline, String lsn, long segmentSize) {
        String[] parts = lsn.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("invalid lsn '" + lsn + "' (expected X/Y in hex)");
        }
        long value = (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
        return new WalSegmentName(timeline, Long.divideUnsigned(value, segmentSize), segmentSize);
    }

    /** The segment after this one on the same timeline. */
    public WalSegmentName next() {
        return new WalSegmentName(timeline, segmentNo + 1, segmentSize);
    }

    /** Whether {@code other} directly follows this segment on the same timeline. */
    public boolean isFollowedBy(WalSegmentName other) {
        return other.timeline == timeline && other.segmentNo == segmentNo + 1 && other.segmentSize == segmentSize;
    }

    /** The id of this segment's backup in a repository: {@code <segment name>-<system identifier>}. */
    public String backupId(String systemIdentifier) {
        if (systemIdentifier == null || !systemIdentifier.matches("[0-9]{1,20}")) {
            throw new IllegalArgumentException("invalid system identifier '" + systemIdentifier + "'");
        }
        return fileName() + "-" + systemIdentifier;
    }

    /** The file name PostgreSQL gives this segment. */
    public String fileName() {
        long perLog = LOG_SIZE / segmentSize;
        HexFormat hex = HexFormat.of().withUpperCase();
        return (hex.toHexDigits((int) timeline) + hex.toHexDigits((int) (segmentNo / perLog))
                + hex.toHexDigits((int) (segmentNo % perLog))).toUpperCase(Locale.ROOT);
    }

    @Override
    public int compareTo(WalSegmentName o) {
        int byTimeline = Long.compare(timeline, o.timeline);
        return byTimeline != 0 ? byTimeline : Long.compare(segmentNo, o.segmentNo);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
