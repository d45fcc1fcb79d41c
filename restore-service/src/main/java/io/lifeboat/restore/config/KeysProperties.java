package io.lifeboat.restore.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.keys.*}.
 *
 * @param keysetFile the master keyset file, loaded with {@link io.lifeboat.format.crypto.LocalKeysetMasterKeys#load}
 */
@Validated
@ConfigurationProperties("lifeboat.keys")
public record KeysProperties(@NotBlank String keysetFile) {

    /** As a path (a String property: Spring's Path conversion treats relative paths as classpath resources). */
    public Path keysetFilePath() {
        return Path.of(keysetFile);
    }
}
