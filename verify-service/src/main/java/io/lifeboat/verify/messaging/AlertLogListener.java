package io.lifeboat.verify.messaging;

import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bindings {@code alertLog} and {@code alertResolvedLog} (a group per instance, replayed from the beginning at
 * start-up): rebuild which of this service's alerts are open, so a restart neither raises a persisting condition a
 * second time nor forgets to resolve it. Alerts of other services are ignored.
 */
@Configuration(proxyBeanMethods = false)
class AlertLogListener {

    private static final String SELF = "verify-service";

    @Bean
    Consumer<AlertRaised> alertLog(AlertPublisher alerts) {
        return event -> {
            if (SELF.equals(event.getHeader().getProducer().getService())) {
                alerts.replayRaised(event);
            }
        };
    }

    @Bean
    Consumer<AlertResolved> alertResolvedLog(AlertPublisher alerts) {
        return event -> {
            if (SELF.equals(event.getHeader().getProducer().getService())) {
                alerts.replayResolved(event);
            }
        };
    }
}
