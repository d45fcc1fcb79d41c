package io.lifeboat.backup.media;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.config.MediaProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupReporter;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The media mirror and its poller, when {@code lifeboat.backup.media.source} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${lifeboat.backup.media.source:}'.isBlank()")
class MediaConfiguration {

    @Bean
    MediaMirror mediaMirror(MediaProperties properties, BackupCommit commit, Clock clock) {
        return new MediaMirror(openSource(properties), commit, clock, properties.maxObjectsPerBackup());
    }

    @Bean
    MediaPoller mediaPoller(MediaMirror mirror, Catalogue catalogue, BackupReporter reporter, Copies copies,
                            MediaProperties properties, Clock clock) {
        return new MediaPoller(mirror, catalogue, reporter, copies, properties.pollInterval(), clock);
    }

    /** The source url is parsed like a location's (one parser for every url); the tier means nothing here. */
    static Storage openSource(MediaProperties properties) {
        try {
            return new StorageLocation("media source", StorageTier.PRIMARY, properties.source())
                    .open(properties.hasCredentials() ? StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())) : null);
        } catch (IllegalArgumentException e) {
            // the message says all there is; the key it belongs to is what start-up must name
            throw new IllegalArgumentException("lifeboat.backup.media.source: " + e.getMessage());
        }
    }
}
