package io.lifeboat.verify.wal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A PostgreSQL WAL segment name: 8 hex digits of timeline, 8 of log, 8 of segment within the log.
 *
 * @param segmentsPerLog how many segments one log holds (2^32 / segment size: 256 for 16 MB segments)
 */
public record WalSegmentName(long timeline, long log, long segment, long segmentsPerLog) {

    private static final Pattern NAME = Pattern.compile("[0-9A-Fa-f]{24}");

    public static Optional<WalSegmentName> parse(String name, long segmentsPerLog) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(new WalSegmentName(Long.parseLong(name.substring(0, 8), 16),
                Long.parseLong(name.substring(8, 16), 16), Long.parseLong(name.substring(16, 24), 16),
                segmentsPerLog));
    }

    /** The segment at position {@code number} of the WAL on {@code timeline}. */
    public static WalSegmentName of(long timeline, long number, long segmentsPerLog) {
        return new WalSegmentName(timeline, number / segmentsPerLog, number % segmentsPerLog, segmentsPerLog);
    }

    /** Position in the WAL, independent of the timeline. */
    public long number() {
        return log * segmentsPerLog + segment;
    }

    public String name() {
        return String.format(Locale.ROOT, "%08X%08X%08X", timeline, log, segment);
    }

    /** Segments per log for a cluster whose WAL segments are {@code segmentBytes} large. */
    public static long segmentsPerLog(long segmentBytes) {
        return 0x1_0000_0000L / segmentBytes;
    }
}
