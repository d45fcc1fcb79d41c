package io.lifeboat.restore.pitr;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where WAL replay stops: the end of the archive, a time, an LSN or a named restore point; on the timeline the
 * archive's newest timeline descends through ({@code timeline} null), or on the timeline given (a branch the source
 * left, for instance after a failover to the wrong node), which must descend from the base backup's.
 */
public record RecoveryTarget(Kind kind, String value, Long timeline) {

    private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");
    /** PostgreSQL's own timestamptz text, in UTC (its recovery_target_time parser rejects the ISO 'T...Z' form). */
    private static final DateTimeFormatter POSTGRES_TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.:-]{1,63}");

    /** The kinds of recovery target PostgreSQL knows (LATEST: replay everything archived). */
    public enum Kind {
        LATEST, TIME, LSN, NAME
    }

    public RecoveryTarget {
        if (kind == null) {
            throw new IllegalArgumentException("a recovery target needs a kind (LATEST, TIME, LSN or NAME)");
        }
        switch (kind) {
            case TIME -> Instant.parse(value);
            case LSN -> require(value != null && LSN.matcher(value).matches(), "lsn '" + value + "' is not X/Y hex");
            case NAME -> require(value != null && NAME.matcher(value).matches(), "restore point name '" + value
                    + "' is not a plain name");
            default -> value = "";
        }
        require(timeline == null || timeline >= 1 && timeline <= 0xFFFFFFFFL, "timeline " + timeline
                + " is outside [1, 4294967295]");
    }

    /** On the newest timeline's path. */
    public RecoveryTarget(Kind kind, String value) {
        this(kind, value, null);
    }

    public static RecoveryTarget latest() {
        return new RecoveryTarget(Kind.LATEST, "");
    }

    /** The recovery_target_timeline setting. */
    String timelineSetting() {
        return "recovery_target_timeline = '" + (timeline == null ? "latest" : Long.toString(timeline)) + "'";
    }

    /** postgresql.conf settings for this target; the server is promoted when it is reached. */
    List<String> settings() {
        return switch (kind) {
            case LATEST -> List.of();
            case TIME -> List.of("recovery_target_time = '" + POSTGRES_TIME.format(Instant.parse(value)) + "'",
                    "recovery_target_action = 'promote'");
            case LSN -> List.of("recovery_target_lsn = '" + value + "'", "recovery_target_action = 'promote'");
            case NAME -> List.of("recovery_target_name = '" + value + "'", "recovery_target_action = 'promote'");
        };
    }

    @Override
    public String toString() {
        return (kind == Kind.LATEST ? "the latest archived point" : kind.name().toLowerCase() + " " + value)
                + (timeline == null ? "" : " on timeline " + timeline);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
