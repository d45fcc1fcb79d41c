package io.lifeboat.backup.messaging;

import io.lifeboat.backup.config.RegistryProperties;
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
                List.of(Topics.BACKUP_STARTED, Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED, Topics.COPY_STORED,
                        Topics.WAL_ARCHIVED, Topics.BACKUP_EXPIRED, Topics.ALERT_RAISED, Topics.ALERT_RESOLVED));
    }
}
