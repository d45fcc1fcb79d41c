package io.lifeboat.restore.restoretest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.restore.restoretest.RestoreTestReport.Outcome;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.scheduling.support.CronExpression;

/** The policy's cron (04:00 UTC on the 1st of each month) against documented tests in a real report store. */
class MissedRestoreTestTest {

    private static final CronExpression MONTHLY = CronExpression.parse("0 0 4 1 * *");
    private static final Duration GRACE = Duration.ofHours(6);
    private static final Instant FIRED = Instant.parse("2026-11-01T04:00:00Z");

    @TempDir
    Path temp;

    private ReportStore reports;

    @BeforeEach
    void createStore() {
        reports = new ReportStore(new FilesystemStorage(temp));
    }

    @Test
    void theLatestFiringIsFoundWhateverTheMonth() {
        assertThat(MissedRestoreTest.lastFiring(MONTHLY, Instant.parse("2026-11-29T16:00:00Z"))).contains(FIRED);
        assertThat(MissedRestoreTest.lastFiring(MONTHLY, FIRED)).contains(FIRED);
        assertThat(MissedRestoreTest.lastFiring(MONTHLY, FIRED.minusSeconds(1)))
                .contains(Instant.parse("2026-10-01T04:00:00Z"));
        assertThat(MissedRestoreTest.lastFiring(CronExpression.parse("0 0 4 1 1 *"), FIRED)).isEmpty();
    }

    @Test
    void aFiringNoTestFollowedIsMissedOnceTheGraceHasPassed() {
        reports.store(report(Instant.parse("2026-10-01T04:00:02Z"))); // last month's: does not count

        assertThat(MissedRestoreTest.find(MONTHLY, FIRED.plus(GRACE).minusSeconds(1), GRACE, reports, Optional.empty())).isEmpty();
        assertThat(MissedRestoreTest.find(MONTHLY, FIRED.plus(GRACE), GRACE, reports, Optional.empty())).contains(FIRED);
        assertThat(MissedRestoreTest.find(MONTHLY, Instant.parse("2026-11-29T16:00:00Z"), GRACE, reports, Optional.empty()))
                .contains(FIRED);
    }

    @Test
    void aTestDocumentedAfterTheFiringIsNotMissedEvenInTheNextMonthsFolder() {
        reports.store(report(Instant.parse("2026-11-01T04:00:01Z")));
        assertThat(MissedRestoreTest.find(MONTHLY, Instant.parse("2026-11-20T00:00:00Z"), GRACE, reports, Optional.empty())).isEmpty();

        ReportStore late = new ReportStore(new FilesystemStorage(temp.resolve("late")));
        late.store(report(Instant.parse("2026-12-01T03:00:00Z"))); // run late, for November, before December's firing
        assertThat(MissedRestoreTest.find(MONTHLY, Instant.parse("2026-12-01T03:30:00Z"), GRACE, late, Optional.empty())).isEmpty();
    }

    @Test
    void aTestThisProcessStartedAfterTheFiringCountsBeforeItIsDocumented() {
        Instant now = Instant.parse("2026-11-29T16:00:00Z");

        assertThat(MissedRestoreTest.find(MONTHLY, now, GRACE, reports, Optional.of(FIRED.plusSeconds(5)))).isEmpty();
        assertThat(MissedRestoreTest.find(MONTHLY, now, GRACE, reports, Optional.of(FIRED))).isEmpty();
        assertThat(MissedRestoreTest.find(MONTHLY, now, GRACE, reports, Optional.of(FIRED.minusSeconds(5))))
                .contains(FIRED);
    }

    @Test
    void anUnreadableReportDoesNotCountAsATest() throws Exception {
        java.nio.file.Files.createDirectories(temp.resolve("restore-tests/2026-11"));
        java.nio.file.Files.writeString(temp.resolve("restore-tests/2026-11/broken.json"), "{\"startedAt\": ");

        assertThat(MissedRestoreTest.find(MONTHLY, Instant.parse("2026-11-29T16:00:00Z"), GRACE, reports, Optional.empty()))
                .contains(FIRED);
    }

    private static RestoreTestReport report(Instant startedAt) {
        return new RestoreTestReport("t-" + startedAt.getEpochSecond(), Trigger.SCHEDULED, "schedule", 42,
                Optional.of("dump-1"), "dumps/dump-1/db.pgdump", "primary", startedAt, List.of("prove the data"),
                "one dump", List.of(), Outcome.PASSED, 3, List.of(), List.of(), List.of(), 1200, 14_400_000, true,
                List.of(), List.of(), List.of(), List.of());
    }
}
