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
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binding {@code verifyBackup-in-0}: verify every stored copy of each completed backup. */
@Configuration(proxyBeanMethods = false)
class BackupCompletedListener {

    private static final Logger log = LoggerFactory.getLogger(BackupCompletedListener.class);

    @Bean
    Consumer<BackupCompleted> verifyBackup(BackupVerification verification, IntegrityEventPublisher publisher,
                                           AnnouncedBackups announced) {
        ProcessedEvents processed = new ProcessedEvents(10_000);
        return event -> {
            if (processed.handled(event.getHeader().getEventId())) {
                log.info("skipping redelivered BackupCompleted {}", event.getHeader().getEventId());
                return;
            }
            List<String> stored = event.getCopies().stream()
                    .filter(c -> c.getStatus() == CopyStatus.STORED).map(LocationCopy::getLocation).toList();
            AnnouncedBackup backup = new AnnouncedBackup(event.getBackupId(), event.getHeader().getCorrelationId(),
                    event.getManifestKey(), event.getManifestSha256(), stored);
            announced.add(backup);
            for (CopyReport report : verification.verify(backup)) {
                publisher.publish(report, CheckKind.ON_COMPLETION, backup.correlationId());
            }
            processed.markHandled(event.getHeader().getEventId());
        };
    }
}
