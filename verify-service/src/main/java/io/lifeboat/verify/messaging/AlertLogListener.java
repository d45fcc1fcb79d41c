package io.lifeboat.verify.messaging;

import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Bindings {@code alertLog} and {@code alertResolvedLog} (a group per instance, replayed from the beginning at
 * start-up): rebuild which of this service's alerts are open, so a restart neither raises a persisting condition a
 * second time nor forgets to resolve it. Alerts of other services are ignored. Each record handled is reported to
 * {@link ReplayProgress}.
 */
@Configuration(proxyBeanMethods = false)
class AlertLogListener {

    private static final String SELF = "verify-service";

    @Bean
    Consumer<Message<AlertRaised>> alertLog(AlertPublisher alerts, ReplayProgress replay) {
        return message -> {
            AlertRaised event = message.getPayload();
            if (SELF.equals(event.getHeader().getProducer().getService())) {
                alerts.replayRaised(event);
            }
            replay.handled(message);
        };
    }

    @Bean
    Consumer<Message<AlertResolved>> alertResolvedLog(AlertPublisher alerts, ReplayProgress replay) {
        return message -> {
            AlertResolved event = message.getPayload();
            if (SELF.equals(event.getHeader().getProducer().getService())) {
                alerts.replayResolved(event);
            }
            replay.handled(message);
        };
    }
}
