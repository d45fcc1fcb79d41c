package io.lifeboat.notify.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.service.*}: who this instance is, for event headers.
 *
 * @param instance this instance's id (host name in production)
 * @param policyId the policy and version in force, e.g. POL-ISMS-008@1.0
 */
@Validated
@ConfigurationProperties("lifeboat.service")
public record ServiceProperties(@NotBlank String instance, @NotBlank String policyId) {
}
