package io.lifeboat.restore.messaging;

import io.lifeboat.restore.config.ServiceProperties;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.TopicSender;
import java.time.Clock;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /** The producer service every event this service publishes names in its header. */
    static final String SERVICE = "restore-service";

    @Bean
    EventHeaders eventHeaders(ServiceProperties service, Clock clock) {
        return new EventHeaders(SERVICE, service.instance(), service.policyId(), clock);
    }

    @Bean
    TopicSender topicSender(StreamBridge bridge) {
        return new TopicSender(bridge);
    }
}
