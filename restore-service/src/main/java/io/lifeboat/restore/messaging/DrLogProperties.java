package io.lifeboat.restore.messaging;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.restore.dr.*}: reading the DR topics back ({@link DrEventLog}).
 *
 * @param replayWait      how long start-up waits for the DR topics to be read up to where they ended when the service
 *                        started; after that the service starts anyway and the DR endpoints answer 503 until the
 *                        replay has finished ({@code 0s}: do not wait)
 * @param topicCheckEvery how often DR topics and partitions that did not exist at start-up are looked for (they are
 *                        read from their beginning once found)
 */
@Validated
@ConfigurationProperties("lifeboat.restore.dr")
public record DrLogProperties(@NotNull @DurationMin(millis = 0) Duration replayWait,
                              @NotNull @DurationMin(millis = 100) Duration topicCheckEvery) {
}
