package io.lifeboat.verify.messaging;

import io.lifeboat.events.backup.ArchivedSegment;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.events.backup.WalArchived;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.schemas.dedupe.ProcessedEvents;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.catalogue.AnnouncedBackups;
import io.lifeboat.verify.integrity.BackupVerification;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.monitoring.Monitor;
import io.lifeboat.verify.wal.StoredWalArchive;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The bindings on what backup-service announces. Catalogue bindings ({@code catalogue}, {@code walCatalogue},
 * {@code copyCatalogue}: a group per instance, replayed from the beginning at start-up) build this instance's view
 * for the sweep and the monitoring rules, and report each record handled to {@link ReplayProgress}. Verify bindings ({@code verifyBackup}, {@code verifyWal},
 * {@code verifyCopy}: the shared group) verify each new copy once, deduplicated by event id.
 */
@Configuration(proxyBeanMethods = false)
class BackupEventListeners {

    private static final Logger log = LoggerFactory.getLogger(BackupEventListeners.class);

    @Bean
    Consumer<Message<BackupCompleted>> catalogue(AnnouncedBackups announced, ReplayProgress replay) {
        return message -> {
            announced.add(announced(message.getPayload()));
            replay.handled(message);
        };
    }

    @Bean
    Consumer<Message<WalArchived>> walCatalogue(AnnouncedBackups announced, ReplayProgress replay) {
        return message -> {
            announced(message.getPayload()).forEach(announced::add);
            replay.handled(message);
        };
    }

    @Bean
    Consumer<Message<CopyStored>> copyCatalogue(AnnouncedBackups announced, ReplayProgress replay) {
        return message -> {
            CopyStored event = message.getPayload();
            announced.copyStored(event.getBackupId(), event.getCopy().getLocation());
            replay.handled(message);
        };
    }

    @Bean
    Consumer<BackupCompleted> verifyBackup(BackupVerification verification, IntegrityEventPublisher publisher,
                                           AnnouncedBackups announced, Monitor monitor) {
        ProcessedEvents processed = new ProcessedEvents(10_000);
        return event -> {
            if (processed.handled(event.getHeader().getEventId())) {
                log.info("skipping redelivered BackupCompleted {}", event.getHeader().getEventId());
                return;
            }
            AnnouncedBackup backup = announced(event);
            announced.add(backup);
            verify(backup, verification, publisher);
            processed.markHandled(event.getHeader().getEventId());
            evaluate(monitor);
        };
    }

    @Bean
    Consumer<WalArchived> verifyWal(BackupVerification verification, IntegrityEventPublisher publisher,
                                    AnnouncedBackups announced, Monitor monitor) {
        ProcessedEvents processed = new ProcessedEvents(10_000);
        return event -> {
            if (processed.handled(event.getHeader().getEventId())) {
                return;
            }
            for (AnnouncedBackup segment : announced(event)) {
                announced.add(segment);
                verify(segment, verification, publisher);
            }
            processed.markHandled(event.getHeader().getEventId());
            evaluate(monitor);
        };
    }

    @Bean
    Consumer<CopyStored> verifyCopy(BackupVerification verification, IntegrityEventPublisher publisher,
                                    AnnouncedBackups announced) {
        ProcessedEvents processed = new ProcessedEvents(10_000);
        return event -> {
            if (processed.handled(event.getHeader().getEventId())) {
                return;
            }
            String location = event.getCopy().getLocation();
            announced.copyStored(event.getBackupId(), location);
            AnnouncedBackup backup = announced.find(event.getBackupId()).orElse(new AnnouncedBackup(
                    event.getBackupId(), event.getHeader().getCorrelationId(), event.getDataType().name(),
                    event.getHeader().getOccurredAt(), event.getManifestKey(), event.getManifestSha256(), 0,
                    List.of(location)));
            verification.verify(backup, location).ifPresent(r -> publisher.publish(r, CheckKind.ON_COMPLETION,
                    backup.correlationId()));
            processed.markHandled(event.getHeader().getEventId());
        };
    }

    private static void verify(AnnouncedBackup backup, BackupVerification verification,
                               IntegrityEventPublisher publisher) {
        for (CopyReport report : verification.verify(backup)) {
            publisher.publish(report, CheckKind.ON_COMPLETION, backup.correlationId());
        }
    }

    /** A new backup can clear a failure, an age or an RPO alert, or be a size anomaly. */
    private static void evaluate(Monitor monitor) {
        try {
            monitor.evaluate(false);
        } catch (RuntimeException e) {
            log.warn("monitoring evaluation after a new backup failed; the periodic one tries again", e);
        }
    }

    static AnnouncedBackup announced(BackupCompleted event) {
        return new AnnouncedBackup(event.getBackupId(), event.getHeader().getCorrelationId(),
                event.getDataType().name(), event.getCompletedAt(), event.getManifestKey(),
                event.getManifestSha256(), event.getStoredBytes(), stored(event.getCopies()));
    }

    /** One WAL backup per archived segment; it became recoverable when the batch was announced. */
    static List<AnnouncedBackup> announced(WalArchived event) {
        return event.getSegments().stream().map((ArchivedSegment s) -> new AnnouncedBackup(s.getBackupId(),
                event.getHeader().getCorrelationId(), StoredWalArchive.DATA_TYPE, event.getHeader().getOccurredAt(),
                s.getManifestKey(), s.getManifestSha256(), s.getStoredBytes(), stored(s.getCopies()))).toList();
    }

    private static List<String> stored(List<LocationCopy> copies) {
        return copies.stream().filter(c -> c.getStatus() == CopyStatus.STORED).map(LocationCopy::getLocation)
                .toList();
    }
}
