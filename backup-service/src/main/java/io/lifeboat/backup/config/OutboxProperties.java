package io.lifeboat.backup.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.outbox-*}: where events wait until Kafka takes them (see
 * {@link io.lifeboat.schemas.outbox.EventOutbox}). Bound from the same prefix as {@link BackupProperties}, so the
 * keys sit beside the other backup settings.
 *
 * @param outboxDir            directory of events not yet taken by Kafka; one service instance per directory, on
 *                             a disk that survives a restart
 * @param outboxResendInterval how often waiting events are sent again
 */
@Validated
@ConfigurationProperties("lifeboat.backup")
public record OutboxProperties(@NotBlank String outboxDir,
                               @NotNull @DurationMin(millis = 1) Duration outboxResendInterval) {

    public Path outbox() {
        return Path.of(outboxDir);
    }
}
