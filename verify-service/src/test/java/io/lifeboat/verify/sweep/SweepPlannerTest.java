package io.lifeboat.verify.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T03:30:00Z");
    private final SweepPlanner planner = new SweepPlanner(Duration.ofDays(7));

    @Test
    void newCopiesComeFirstThenTheOldestChecksWithinTheBudget() {
        CopyDue fresh = copy("new", 100, Optional.empty());
        CopyDue old = copy("old", 100, Optional.of(NOW.minus(Duration.ofDays(9))));
        CopyDue due = copy("due", 100, Optional.of(NOW.minus(Duration.ofDays(6))));
        CopyDue recent = copy("recent", 100, Optional.of(NOW.minus(Duration.ofDays(2))));
        SweepPlan plan = planner.plan(List.of(recent, due, old, fresh), NOW, 250, false);
        assertThat(plan.verify()).extracting(CopyDue::backupId).containsExactly("new", "old");
        assertThat(plan.deferred()).extracting(CopyDue::backupId).containsExactly("due");
        assertThat(plan.plannedBytes()).isEqualTo(200);
    }

    @Test
    void theHourlyPassTakesOnlyNeverVerifiedCopies() {
        SweepPlan plan = planner.plan(List.of(copy("old", 1, Optional.of(NOW.minus(Duration.ofDays(30)))),
                copy("new", 1, Optional.empty())), NOW, 1000, true);
        assertThat(plan.verify()).extracting(CopyDue::backupId).containsExactly("new");
    }

    /**
     * Simulates 60 daily sweeps over an archive whose daily share (total / period) fits the budget: no copy ever
     * goes longer than the period without a check, and no day reads more than the budget.
     */
    @Test
    void dailySweepsKeepEveryCopyWithinThePeriodAndEveryDayWithinTheBudget() {
        List<CopyDue> copies = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            copies.add(new CopyDue("b" + i, "primary", 1000 + i % 7, NOW.minus(Duration.ofDays(1)),
                    Optional.of(NOW.minus(Duration.ofHours(i % 168)))));
        }
        long budget = 130_000;
        Instant day = NOW;
        for (int d = 0; d < 60; d++) {
            SweepPlan plan = planner.plan(copies, day, budget, false);
            assertThat(plan.plannedBytes()).isLessThanOrEqualTo(budget);
            Instant checkedAt = day;
            List<String> verified = plan.verify().stream().map(CopyDue::backupId).toList();
            copies.replaceAll(c -> verified.contains(c.backupId()) ? new CopyDue(c.backupId(), c.location(),
                    c.storedBytes(), c.completedAt(), Optional.of(checkedAt)) : c);
            Instant end = day;
            assertThat(copies).allSatisfy(c -> assertThat(Duration.between(c.lastVerified().orElseThrow(), end))
                    .isLessThanOrEqualTo(Duration.ofDays(7)));
            day = day.plus(Duration.ofDays(1));
        }
    }

    private static CopyDue copy(String id, long bytes, Optional<Instant> lastVerified) {
        return new CopyDue(id, "primary", bytes, NOW.minus(Duration.ofDays(20)), lastVerified);
    }
}
