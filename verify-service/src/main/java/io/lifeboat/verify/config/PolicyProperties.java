package io.lifeboat.verify.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.policy.*}.
 *
 * @param file the policy file (config/policy.yml); thresholds, runbook steps, the re-verify period and the daily
 *             byte budget of the integrity sweep come from it
 */
@Validated
@ConfigurationProperties("lifeboat.policy")
public record PolicyProperties(@NotBlank String file) {
}
