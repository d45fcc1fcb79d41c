package io.lifeboat.backup.messaging;

import io.lifeboat.backup.config.OutboxProperties;
import io.lifeboat.backup.config.ServiceProperties;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.outbox.EventOutbox;
import io.lifeboat.schemas.topic.TopicSender;
import java.time.Clock;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    EventHeaders eventHeaders(ServiceProperties service, Clock clock) {
        return new EventHeaders("backup-service", service.instance(), service.policyId(), clock);
    }

    @Bean
    TopicSender topicSender(StreamBridge bridge) {
        return new TopicSender(bridge);
    }

    /** Every event backup-service sends goes through this, so none is lost while Kafka is down. */
    @Bean(destroyMethod = "close")
    EventOutbox eventOutbox(TopicSender sender, OutboxProperties outbox) {
        return new EventOutbox(outbox.outbox(), sender::send, outbox.outboxResendInterval());
    }
}
