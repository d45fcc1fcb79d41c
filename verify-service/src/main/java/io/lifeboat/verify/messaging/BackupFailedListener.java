package io.lifeboat.verify.messaging;

import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.verify.monitoring.Monitor;
import io.lifeboat.verify.monitoring.Observations.FailureFact;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code backupFailedLog-in-0} (a group per instance, replayed from the beginning at start-up): a failed
 * backup is a monitoring fact (10.1 backup failure is critical) on every instance and after every restart, or a
 * restart would resolve the alert of a failure that still holds. A replayed or redelivered failure is the same fact
 * again ({@link Monitor#failed} keeps it once); one superseded by a later completed backup of its data type no
 * longer fires.
 */
@Configuration(proxyBeanMethods = false)
class BackupFailedListener {

    @Bean
    Consumer<Message<BackupFailed>> backupFailedLog(Monitor monitor, ReplayProgress replay) {
        return message -> {
            BackupFailed event = message.getPayload();
            monitor.failed(new FailureFact(event.getBackupId(), event.getDataType().name(),
                    event.getHeader().getOccurredAt(), event.getDetail()));
            replay.handled(message);
        };
    }
}
