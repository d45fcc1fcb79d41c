package io.lifeboat.notify.messaging;

import io.lifeboat.notify.config.RegistryProperties;
import io.lifeboat.schemas.deadletter.DeadLetters;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bounded retries, then each binding's dead-letter topic (see {@link DeadLetters} for why). */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetters deadLetters(RegistryProperties registry) {
        return new DeadLetters(new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)));
    }
}
