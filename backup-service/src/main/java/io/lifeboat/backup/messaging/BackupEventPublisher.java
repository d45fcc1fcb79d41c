package io.lifeboat.backup.messaging;

import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.BackupReporter;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/** Publishes each run's outcome, keyed by backupId. */
@Component
class BackupEventPublisher implements BackupReporter {

    private final StreamBridge bridge;
    private final EventHeaders headers;

    BackupEventPublisher(StreamBridge bridge, EventHeaders headers) {
        this.bridge = bridge;
        this.headers = headers;
    }

    @Override
    public void report(BackupOutcome outcome, BackupTrigger.Trigger trigger) {
        if (outcome instanceof BackupOutcome.Completed c) {
            send(Topics.BACKUP_COMPLETED, c.backupId(), completed(c));
        } else if (outcome instanceof BackupOutcome.Failed f) {
            send(Topics.BACKUP_FAILED, f.backupId(), failed(f));
        }
    }

    private BackupCompleted completed(BackupOutcome.Completed c) {
        return BackupCompleted.newBuilder()
                .setHeader(headers.next(c.backupId()))
                .setBackupId(c.backupId())
                .setDataType(DataType.valueOf(c.manifest().dataType()))
                .setSource(c.manifest().source())
                .setStartedAt(c.manifest().startedAt())
                .setCompletedAt(c.manifest().completedAt())
                .setManifestKey(c.manifestKey())
                .setManifestSha256(c.manifestSha256())
                .setObjectCount(c.manifest().objects().size())
                .setPlainBytes(c.manifest().plainBytes())
                .setStoredBytes(c.manifest().storedBytes())
                .setCopies(c.copies().stream().map(copy -> LocationCopy.newBuilder()
                        .setLocation(copy.location())
                        .setTier(StorageTier.valueOf(copy.tier().name()))
                        .setStatus(CopyStatus.valueOf(copy.state().name()))
                        .build()).toList())
                .build();
    }

    private BackupFailed failed(BackupOutcome.Failed f) {
        return BackupFailed.newBuilder()
                .setHeader(headers.next(f.backupId()))
                .setBackupId(f.backupId())
                .setDataType(DataType.DATABASE_DUMP)
                .setSource(f.source())
                .setReason(BackupFailureReason.valueOf(f.reason().name()))
                .setDetail(f.detail())
                .setAttempt(1)
                .setNextAttemptAt(null)
                .build();
    }

    private <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
        boolean sent = bridge.send(topic.name(), MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, key)
                .build());
        if (!sent) {
            throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
        }
    }
}
