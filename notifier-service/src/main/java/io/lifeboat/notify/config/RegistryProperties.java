package io.lifeboat.notify.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.schema-registry.*}.
 *
 * @param url         the Confluent-compatible schema registry
 * @param startupWait how long start-up waits for an unreachable registry before giving up
 */
@Validated
@ConfigurationProperties("lifeboat.schema-registry")
public record RegistryProperties(@NotNull URI url, @NotNull Duration startupWait) {
}
