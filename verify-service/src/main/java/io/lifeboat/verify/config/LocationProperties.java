package io.lifeboat.verify.config;

import io.lifeboat.format.storage.StorageTier;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;

/**
 * One storage location whose copies are verified ({@code lifeboat.verify.locations[n].*}).
 *
 * @param name          the location's name, as backup-service announces it in BackupCompleted.copies
 * @param tier          PRIMARY, SECONDARY or COLD
 * @param url           {@code file:/path} (filesystem driver) or {@code s3://bucket/prefix} (S3 API driver)
 * @param endpoint      S3 only: endpoint of an S3-compatible server; empty for AWS
 * @param region        S3 only: region, default us-east-1
 * @param accessKey     S3 only: access key; empty for the SDK's default credential chain
 * @param secretKey     S3 only: secret key (never logged)
 * @param pathStyle     S3 only: path-style access (MinIO, s3proxy)
 * @param quotaBytes    S3 only: the quota storage use is measured against (10.1 storage capacity); 0 = no quota,
 *                      no capacity rule for this location
 */
public record LocationProperties(@NotBlank String name, @NotNull StorageTier tier, @NotBlank String url,
                                 URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle,
                                 @PositiveOrZero long quotaBytes) {

    public boolean isS3() {
        return url.startsWith("s3://");
    }

    @Override
    public String toString() {
        return "LocationProperties[name=" + name + ", tier=" + tier + ", url=" + url + "]";
    }
}
