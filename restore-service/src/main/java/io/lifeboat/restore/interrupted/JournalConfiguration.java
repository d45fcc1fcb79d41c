package io.lifeboat.restore.interrupted;

import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.run.RestoreJournal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The restore journal lives in the scratch directory, under the lock {@link InterruptedWork} takes. */
@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    @Bean
    RestoreJournal restoreJournal(RestoreProperties properties) {
        return new RestoreJournal(properties.scratchDirectory().resolve("journal"));
    }
}
