package io.lifeboat.verify.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.verify.*}.
 *
 * @param locations        the storage locations whose copies are verified (names match backup-service's)
 * @param walPrefix        storage key prefix under which WAL segments are stored one object per segment
 * @param walSegmentBytes  WAL segment size of the cluster (PostgreSQL's default 16 MB); decides how segment names
 *                         follow each other
 * @param monitorEvery     how often the monitoring rules (10.1, 3.1) are evaluated
 * @param newCopiesEvery   how often copies never verified yet (a copy that landed late, a check that could not
 *                         read its location) are verified, so new copies are proven within hours
 */
@Validated
@ConfigurationProperties("lifeboat.verify")
public record VerifyProperties(@NotEmpty List<@NotNull @Valid LocationProperties> locations,
                               @NotNull String walPrefix, @Positive long walSegmentBytes,
                               @NotNull Duration monitorEvery, @NotNull Duration newCopiesEvery) {
}
