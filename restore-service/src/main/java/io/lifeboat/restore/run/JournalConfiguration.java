package io.lifeboat.restore.run;

import io.lifeboat.restore.config.RestoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The restore journal lives in the scratch directory, under the lock restore-service takes on it at start-up (see
 * {@code io.lifeboat.restore.interrupted}).
 */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    @Bean
    RestoreJournal restoreJournal(RestoreProperties properties) {
        return new RestoreJournal(properties.scratchDirectory().resolve("journal"));
    }
}
