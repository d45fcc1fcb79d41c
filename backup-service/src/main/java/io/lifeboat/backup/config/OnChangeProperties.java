package io.lifeboat.backup.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.on-change.*}: data backed up when it changes.
 *
 * @param configurationRepository a git repository backed up as a bundle when a ref moves; empty: off
 * @param secretsDirectory        a directory of secret files backed up encrypted when a content changes; empty: off
 * @param pollInterval            how often both are checked for changes
 */
@Validated
@ConfigurationProperties("lifeboat.backup.on-change")
public record OnChangeProperties(String configurationRepository, String secretsDirectory,
                                 @NotNull Duration pollInterval) {
}
