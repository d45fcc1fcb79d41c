package io.lifeboat.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

class CronSlotsTest {

    @Test
    void theLatestOccurrenceAtOrBeforeNowInUtc() {
        CronExpression daily = CronExpression.parse("0 0 2 * * *");
        assertThat(CronSlots.lastAtOrBefore(daily, Instant.parse("2026-11-29T14:00:00Z")))
                .contains(Instant.parse("2026-11-29T02:00:00Z"));
        assertThat(CronSlots.lastAtOrBefore(daily, Instant.parse("2026-11-29T01:59:59Z")))
                .contains(Instant.parse("2026-11-28T02:00:00Z"));
        assertThat(CronSlots.lastAtOrBefore(daily, Instant.parse("2026-11-29T02:00:00.004Z")))
                .as("a trigger firing a few ms late names its own slot")
                .contains(Instant.parse("2026-11-29T02:00:00Z"));
        assertThat(CronSlots.lastAtOrBefore(CronExpression.parse("0 0 4 1 * *"), Instant.parse("2026-11-29T14:00:00Z")))
                .contains(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(CronSlots.lastAtOrBefore(CronExpression.parse("*/2 * * * * *"), Instant.parse("2026-11-29T14:00:03.5Z")))
                .contains(Instant.parse("2026-11-29T14:00:02Z"));
    }

    @Test
    void leaseKeysNameTheScheduleAndTheSlot() {
        assertThat(ScheduledRuns.leaseKey("database-full", Instant.parse("2026-11-29T02:00:00Z")))
                .isEqualTo("locks/schedule/database-full/20261129T020000Z");
    }
}
