package io.lifeboat.restore.restoretest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.scheduling.support.CronExpression;

/**
 * Policy 7.2 wants a restore test every month; a cron trigger that fires while the service is down (or a test that
 * dies with it) would leave the month without one until the next firing. This finds the latest firing of the
 * policy's restore-test cron that no documented test followed, once a grace period has passed (a test started by
 * that firing may still be running).
 */
final class MissedRestoreTest {

    /** How far back a firing is looked for: the policy's cron is monthly. */
    static final Duration LOOK_BACK = Duration.ofDays(40);

    private MissedRestoreTest() {
    }

    /**
     * The latest firing of {@code cron} (UTC) at or before {@code now}, within {@link #LOOK_BACK}, if {@code grace}
     * has passed since it, this process has not started a test since ({@code lastStarted}), and no test documented
     * in {@code reports} started at or after it.
     */
    static Optional<Instant> find(CronExpression cron, Instant now, Duration grace, ReportStore reports,
                                  Optional<Instant> lastStarted) {
        Optional<Instant> fired = lastFiring(cron, now);
        if (fired.isEmpty() || now.isBefore(fired.get().plus(grace))
                || lastStarted.filter(started -> !started.isBefore(fired.get())).isPresent()
                || reports.hasTestStartedBetween(fired.get(), now)) {
            return Optional.empty();
        }
        return fired;
    }

    /** The latest firing of {@code cron} (UTC) at or before {@code now}, if one lies within {@link #LOOK_BACK}. */
    static Optional<Instant> lastFiring(CronExpression cron, Instant now) {
        ZonedDateTime at = now.minus(LOOK_BACK).atZone(ZoneOffset.UTC);
        Instant last = null;
        for (ZonedDateTime next = cron.next(at); next != null && !next.toInstant().isAfter(now);
             next = cron.next(next)) {
            last = next.toInstant();
        }
        return Optional.ofNullable(last);
    }
}
