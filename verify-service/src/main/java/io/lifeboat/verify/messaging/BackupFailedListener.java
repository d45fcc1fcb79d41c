package io.lifeboat.verify.messaging;

import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.schemas.dedupe.ProcessedEvents;
import io.lifeboat.verify.monitoring.Monitor;
import io.lifeboat.verify.monitoring.Observations.FailureFact;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binding {@code backupFailed-in-0}: a failed backup is a monitoring fact (10.1 backup failure is critical). */
@Configuration(proxyBeanMethods = false)
class BackupFailedListener {

    @Bean
    Consumer<BackupFailed> backupFailed(Monitor monitor) {
        ProcessedEvents processed = new ProcessedEvents(10_000);
        return event -> {
            if (processed.handled(event.getHeader().getEventId())) {
                return;
            }
            monitor.failed(new FailureFact(event.getBackupId(), event.getDataType().name(),
                    event.getHeader().getOccurredAt(), event.getDetail()));
            processed.markHandled(event.getHeader().getEventId());
        };
    }
}
