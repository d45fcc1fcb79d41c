package io.lifeboat.backup.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.media.*}.
 *
 * @param directory    the media directory mirrored incrementally; empty: off
 * @param pollInterval how often new files are looked for
 */
@Validated
@ConfigurationProperties("lifeboat.backup.media")
public record MediaProperties(String directory, @NotNull Duration pollInterval) {
}
