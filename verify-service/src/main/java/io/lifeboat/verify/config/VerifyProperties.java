package io.lifeboat.verify.config;

import io.lifeboat.format.storage.StorageLocation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.verify.*}.
 *
 * @param locations          the storage locations whose copies are verified (names match backup-service's)
 * @param integrityRunbook   the runbook step an integrity alert points to
 */
@Validated
@ConfigurationProperties("lifeboat.verify")
public record VerifyProperties(@NotEmpty List<@NotNull StorageLocation> locations, @NotBlank String integrityRunbook) {
}
