package io.lifeboat.verify.messaging;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.schemas.dedupe.ProcessedEvents;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.catalogue.AnnouncedBackups;
import io.lifeboat.verify.integrity.BackupVerification;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.monitoring.Monitor;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two bindings on BackupCompleted: {@code catalogue-in-0} (a group per instance, replayed from the beginning at
 * start-up) builds this instance's view of every backup for the sweep and the monitoring rules;
 * {@code verifyBackup-in-0} (the shared group) verifies every stored copy of each new backup once.
 */
@Configuration(proxyBeanMethods = false)
class BackupCompletedListener {

    private static final Logger log = LoggerFactory.getLogger(BackupCompletedListener.class);

    @Bean
    Consumer<BackupCompleted> catalogue(AnnouncedBackups announced) {
        return event -> announced.add(announced(event));
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
            for (CopyReport report : verification.verify(backup)) {
                publisher.publish(report, CheckKind.ON_COMPLETION, backup.correlationId());
            }
            processed.markHandled(event.getHeader().getEventId());
            // a new backup can clear a failure, an age or an RPO alert, or be a size anomaly
            monitor.evaluate();
        };
    }

    static AnnouncedBackup announced(BackupCompleted event) {
        List<String> stored = event.getCopies().stream()
                .filter(c -> c.getStatus() == CopyStatus.STORED).map(LocationCopy::getLocation).toList();
        return new AnnouncedBackup(event.getBackupId(), event.getHeader().getCorrelationId(),
                event.getDataType().name(), event.getCompletedAt(), event.getManifestKey(),
                event.getManifestSha256(), event.getStoredBytes(), stored);
    }
}
