package io.lifeboat.restore.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.policy.*}.
 *
 * @param file the policy file (config/policy.yml), read with {@link io.lifeboat.format.policy.PolicyFile}
 */
@Validated
@ConfigurationProperties("lifeboat.policy")
public record PolicyProperties(@NotBlank String file) {

    /** As a path (a String property: Spring's Path conversion treats relative paths as classpath resources). */
    public Path filePath() {
        return Path.of(file);
    }
}
