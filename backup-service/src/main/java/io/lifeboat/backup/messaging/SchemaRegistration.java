package io.lifeboat.backup.messaging;

import io.lifeboat.backup.config.RegistryProperties;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.registry.StartupRegistration;
import io.lifeboat.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** Registers the schemas this service publishes during start-up, waiting for the registry if it is down. */
@Component
class SchemaRegistration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistration.class);

    private final RegistryProperties registry;

    SchemaRegistration(RegistryProperties registry) {
        this.registry = registry;
    }

    @Override
    public void afterPropertiesSet() {
        new StartupRegistration(new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)),
                registry.startupWait(), line -> log.warn("schema registry not ready: {}", line))
                .register(List.of(Topics.BACKUP_STARTED, Topics.BACKUP_COMPLETED, Topics.BACKUP_FAILED,
                        Topics.COPY_STORED, Topics.WAL_ARCHIVED, Topics.BACKUP_EXPIRED));
    }
}
