package io.lifeboat.notify.config;

import jakarta.validation.constraints.NotBlank;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.policy.*}.
 *
 * @param file the policy file (config/policy.yml), read with {@link io.lifeboat.format.policy.PolicyFile}. A
 *             relative path that does not exist under the working directory is looked for in its parents too, so
 *             a service started from a module directory finds the repository's {@code config/policy.yml}. A
 *             String, not a Path: Spring's Path conversion refuses relative paths that start with "..".
 */
@Validated
@ConfigurationProperties("lifeboat.policy")
public record PolicyProperties(@NotBlank String file) {

    /** The file to load: {@link #file} itself, or the nearest parent directory's copy of a relative path. */
    public Path resolved() {
        Path file = Path.of(this.file);
        if (file.isAbsolute() || Files.exists(file)) {
            return file;
        }
        for (Path dir = Path.of("").toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(file);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return file;
    }
}
