package io.lifeboat.backup.messaging;

import io.lifeboat.backup.copy.CopyReporter;
import io.lifeboat.backup.copy.PendingCopy;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.BackupReporter;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.backup.retention.ExpiryReporter;
import io.lifeboat.backup.retention.Retention;
import io.lifeboat.backup.wal.WalAlert;
import io.lifeboat.backup.wal.WalAlertReporter;
import io.lifeboat.backup.wal.WalReporter;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.events.backup.BackupTriggerKind;
import io.lifeboat.events.backup.ArchivedSegment;
import io.lifeboat.events.backup.BackupExpired;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.events.backup.WalArchived;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.outbox.EventOutbox;
import io.lifeboat.schemas.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Publishes each attempt's start and outcome, and each pending copy that landed, keyed by backupId; WAL streaming
 * alerts as AlertRaised and AlertResolved, keyed by alertId (which is also their correlation id). Every event goes
 * through the event outbox: Kafka refusing one does not throw, the event is kept and sent when Kafka takes it; only
 * an event the outbox cannot write throws.
 */
@Component
class BackupEventPublisher implements BackupReporter, CopyReporter, WalReporter, ExpiryReporter, WalAlertReporter {

    private final EventOutbox outbox;
    private final EventHeaders headers;

    BackupEventPublisher(EventOutbox outbox, EventHeaders headers) {
        this.outbox = outbox;
        this.headers = headers;
    }

    @Override
    public void started(String backupId, String dataType, String source, BackupTrigger.Trigger trigger, int attempt,
                        Instant at) {
        outbox.send(Topics.BACKUP_STARTED, backupId, BackupStarted.newBuilder()
                .setHeader(headers.next(backupId))
                .setBackupId(backupId)
                .setDataType(DataType.valueOf(dataType))
                .setSource(source)
                .setTrigger(BackupTriggerKind.valueOf(trigger.name()))
                .setAttempt(attempt)
                .setStartedAt(at)
                .build());
    }

    @Override
    public void completed(BackupOutcome.Completed c) {
        outbox.send(Topics.BACKUP_COMPLETED, c.backupId(), event(c));
    }

    @Override
    public void failed(BackupOutcome.Failed f, int attempt, Instant nextAttemptAt) {
        outbox.send(Topics.BACKUP_FAILED, f.backupId(), BackupFailed.newBuilder()
                .setHeader(headers.next(f.backupId()))
                .setBackupId(f.backupId())
                .setDataType(DataType.valueOf(f.dataType()))
                .setSource(f.source())
                .setReason(BackupFailureReason.valueOf(f.reason().name()))
                .setDetail(f.detail())
                .setAttempt(attempt)
                .setNextAttemptAt(nextAttemptAt)
                .build());
    }

    @Override
    public void walArchived(String systemIdentifier, long timeline, List<Archived> segments, Long lagBytes) {
        outbox.send(Topics.WAL_ARCHIVED, systemIdentifier, WalArchived.newBuilder()
                .setHeader(headers.next(systemIdentifier))
                .setSystemIdentifier(systemIdentifier)
                .setTimeline(timeline)
                .setSegments(segments.stream().map(a -> ArchivedSegment.newBuilder()
                        .setSegmentName(a.segmentName())
                        .setBackupId(a.backup().backupId())
                        .setManifestKey(a.backup().manifestKey())
                        .setManifestSha256(a.backup().manifestSha256())
                        .setPlainBytes(a.backup().manifest().plainBytes())
                        .setStoredBytes(a.backup().manifest().storedBytes())
                        .setCopies(copies(a.backup().copies()))
                        .build()).toList())
                .setLagBytes(lagBytes)
                .build());
    }

    @Override
    public void expired(Retention.Verdict verdict, List<String> locations) {
        String backupId = verdict.item().backupId();
        outbox.send(Topics.BACKUP_EXPIRED, backupId, BackupExpired.newBuilder()
                .setHeader(headers.next(backupId))
                .setBackupId(backupId)
                .setDataType(DataType.valueOf(verdict.item().dataType()))
                .setCompletedAt(verdict.item().completedAt())
                .setReason(verdict.reason())
                .setLocations(locations)
                .build());
    }

    @Override
    public void copyStored(PendingCopy copy, int attempts) {
        outbox.send(Topics.COPY_STORED, copy.backupId(), CopyStored.newBuilder()
                .setHeader(headers.next(copy.backupId()))
                .setBackupId(copy.backupId())
                .setDataType(DataType.valueOf(copy.dataType()))
                .setManifestKey(copy.manifestKey())
                .setManifestSha256(copy.manifestSha256())
                .setCopy(LocationCopy.newBuilder()
                        .setLocation(copy.location())
                        .setTier(StorageTier.valueOf(copy.tier().name()))
                        .setStatus(CopyStatus.STORED)
                        .build())
                .setAttempts(attempts)
                .build());
    }

    @Override
    public void raised(WalAlert alert) {
        outbox.send(Topics.ALERT_RAISED, alert.alertId(), AlertRaised.newBuilder()
                .setHeader(headers.next(alert.alertId()))
                .setAlertId(alert.alertId())
                .setSeverity(Severity.valueOf(alert.severity().name()))
                .setRule(alert.rule())
                .setSubject(alert.subject())
                .setSummary(alert.summary())
                .setObservedValue(alert.observed())
                .setThreshold(alert.threshold())
                .setRunbookStep(alert.runbook())
                .build());
    }

    @Override
    public void resolved(WalAlert alert, String observed) {
        outbox.send(Topics.ALERT_RESOLVED, alert.alertId(), AlertResolved.newBuilder()
                .setHeader(headers.next(alert.alertId()))
                .setAlertId(alert.alertId())
                .setRule(alert.rule())
                .setSubject(alert.subject())
                .setObservedValue(observed)
                .build());
    }

    private BackupCompleted event(BackupOutcome.Completed c) {
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
                .setCopies(copies(c.copies()))
                .build();
    }

    private static List<LocationCopy> copies(List<BackupOutcome.Copy> copies) {
        return copies.stream().map(copy -> LocationCopy.newBuilder()
                .setLocation(copy.location())
                .setTier(StorageTier.valueOf(copy.tier().name()))
                .setStatus(CopyStatus.valueOf(copy.state().name()))
                .build()).toList();
    }
}
