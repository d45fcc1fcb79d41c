package io.lifeboat.backup.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/** The occurrences ("slots") of a cron in UTC; a slot names one scheduled run, whichever instance takes it. */
final class CronSlots {

    private static final List<Duration> LOOKBACK = List.of(Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofDays(1), Duration.ofDays(8), Duration.ofDays(400));

    private CronSlots() {
    }

    /** The latest occurrence of {@code cron} at or before {@code now}, if any in the last 400 days. */
    static Optional<Instant> lastAtOrBefore(CronExpression cron, Instant now) {
        ZonedDateTime end = now.atZone(ZoneOffset.UTC);
        for (Duration back : LOOKBACK) {
            ZonedDateTime at = cron.next(end.minus(back).minusNanos(1));
            ZonedDateTime last = null;
            while (at != null && !at.isAfter(end)) {
                last = at;
                at = cron.next(at);
            }
            if (last != null) {
                return Optional.of(last.toInstant());
            }
        }
        return Optional.empty();
    }
}
