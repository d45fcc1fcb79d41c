package io.lifeboat.verify.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.keys.*}.
 *
 * @param keysetFile the master keyset file that unwraps backups' data keys and authenticates their manifests
 */
@Validated
@ConfigurationProperties("lifeboat.keys")
public record KeysProperties(@NotBlank String keysetFile) {
}
