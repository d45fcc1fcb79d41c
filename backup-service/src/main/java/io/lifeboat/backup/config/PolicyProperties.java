package io.lifeboat.backup.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.policy.*}.
 *
 * @param file the policy file (POL-ISMS-008 as YAML); schedules and retention come from it
 */
@Validated
@ConfigurationProperties("lifeboat.policy")
// a String, not a Path: Spring converts a Path property as a resource, which refuses "../config/policy.yml"
public record PolicyProperties(@NotBlank String file) {

    public Path path() {
        return Path.of(file);
    }
}
