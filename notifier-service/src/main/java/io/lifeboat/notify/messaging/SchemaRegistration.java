package io.lifeboat.notify.messaging;

import io.lifeboat.notify.config.RegistryProperties;
import io.lifeboat.schemas.registry.RegisterOnStartup;
import io.lifeboat.schemas.topic.Topics;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the schemas this service publishes during start-up, waiting for the registry if it is down. */
@Configuration(proxyBeanMethods = false)
class SchemaRegistration {

    @Bean
    RegisterOnStartup registerPublishedSchemas(RegistryProperties registry) {
        return new RegisterOnStartup(registry.url(), registry.startupWait(),
                List.of(Topics.NOTIFICATION_DELIVERED, Topics.NOTIFICATION_FAILED, Topics.NOTIFICATION_ESCALATED,
                        Topics.ALERT_ACKNOWLEDGED));
    }
}
