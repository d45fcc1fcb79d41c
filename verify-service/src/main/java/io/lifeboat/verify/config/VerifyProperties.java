package io.lifeboat.verify.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.verify.*}.
 *
 * @param locations        the storage locations whose copies are verified (names match backup-service's)
 * @param walSegmentBytes  WAL segment size of the clusters (PostgreSQL's default 16 MiB); decides how segment
 *                         names follow each other in the WAL chain check
 * @param monitorEvery     how often the monitoring rules (10.1, 3.1) are evaluated
 * @param storageMeasureEvery how often storage use is measured (an S3 location by listing its objects, so not on
 *                         every evaluation)
 * @param newCopiesEvery   how often copies never verified yet (a copy that landed late, a check that could not
 *                         read its location) are verified, so new copies are proven within hours
 * @param replayWait       longest the monitoring rules and the integrity alerts wait after a start for the replayed
 *                         topics (catalogue, failures, alerts) to be read back before they publish; a record sent to
 *                         a dead-letter topic is never read back, so the wait must end); at most 10 minutes, well
 *                         below the 15 minutes the verify bindings may go between polls (a binding waiting longer
 *                         would have its record taken away and verified again)
 */
@Validated
@ConfigurationProperties("lifeboat.verify")
public record VerifyProperties(@NotEmpty List<@NotNull @Valid LocationProperties> locations,
                               @Positive long walSegmentBytes,
                               @NotNull Duration monitorEvery,
                               @NotNull Duration storageMeasureEvery, @NotNull Duration newCopiesEvery,
                               @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10) Duration replayWait) {
}
