package io.lifeboat.backup.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.keys.*}.
 *
 * @param keysetFile the local master keyset file (LocalKeysetMasterKeys); its content is never logged
 */
@Validated
@ConfigurationProperties("lifeboat.keys")
// a String, not a Path: Spring converts a Path property as a resource, which refuses "../config/policy.yml"
public record KeysProperties(@NotBlank String keysetFile) {

    public Path path() {
        return Path.of(keysetFile);
    }
}
