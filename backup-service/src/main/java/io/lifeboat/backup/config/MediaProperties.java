package io.lifeboat.backup.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.backup.media.*}: call recordings and other media, mirrored incrementally.
 *
 * @param source              what is mirrored: a directory ({@code file:/path} or a plain path) or an S3 bucket
 *                            prefix ({@code s3://bucket/prefix?endpoint=...&region=...&path-style=...}, parsed like
 *                            a storage location's url); empty: off
 * @param accessKey           S3 source only: access key; empty: the AWS default credential chain
 * @param secretKey           S3 source only: secret key (never logged); given together with the access key
 * @param pollInterval        how often the source is listed for new and changed objects; at most one minute, the
 *                            time within which the policy wants new media stored
 * @param maxObjectsPerBackup the most objects one MEDIA backup holds; a larger backlog is stored as several backups,
 *                            one right after the other
 */
@Validated
@ConfigurationProperties("lifeboat.backup.media")
public record MediaProperties(String source, String accessKey, String secretKey,
                              @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1) Duration pollInterval,
                              @Min(1) @Max(100_000) int maxObjectsPerBackup) {

    /** Whether a source is configured. */
    public boolean enabled() {
        return source != null && !source.isBlank();
    }

    /** Whether explicit S3 credentials are given (else the AWS default chain applies). */
    public boolean hasCredentials() {
        return accessKey != null && !accessKey.isBlank();
    }

    @AssertTrue(message = "access-key and secret-key must be given together")
    public boolean isCredentialsPaired() {
        return hasCredentials() == (secretKey != null && !secretKey.isBlank());
    }

    @Override
    public String toString() {
        return "MediaProperties[source=" + source + ", accessKey=" + (hasCredentials() ? "(set)" : "(default chain)")
                + ", pollInterval=" + pollInterval + ", maxObjectsPerBackup=" + maxObjectsPerBackup + "]";
    }
}
