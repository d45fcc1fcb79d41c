package io.lifeboat.notify.messaging;

import io.lifeboat.notify.config.ServiceProperties;
import io.lifeboat.notify.notification.DeliveryReporter;
import io.lifeboat.notify.notification.NotificationChannel;
import io.lifeboat.notify.notification.Notifier;
import io.lifeboat.schemas.header.EventHeaders;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    EventHeaders eventHeaders(ServiceProperties service, Clock clock) {
        return new EventHeaders("notifier-service", service.instance(), service.policyId(), clock);
    }

    @Bean
    Notifier notifier(List<NotificationChannel> channels, DeliveryReporter reporter) {
        return new Notifier(channels, reporter);
    }
}
