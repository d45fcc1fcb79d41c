package io.lifeboat.verify.config;

import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.verify.integrity.CopyVerifier;
import io.lifeboat.verify.integrity.LastChecks;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The domain objects of verify-service that are plain classes (no Spring in the domain packages). */
@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    @Bean
    CopyVerifier copyVerifier(ManifestStore manifests, MasterKeyProvider masterKeys, Clock clock) {
        return new CopyVerifier(manifests, masterKeys, clock);
    }

    @Bean
    LastChecks lastChecks() {
        return new LastChecks();
    }
}
