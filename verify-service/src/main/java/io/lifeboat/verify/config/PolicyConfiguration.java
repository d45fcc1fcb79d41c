package io.lifeboat.verify.config;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The policy and the master keys, loaded once at start-up: a missing or wrong file stops start-up with the loader's
 * message, which names the file and the key.
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean
    Policy policy(PolicyProperties properties) {
        return PolicyFile.load(Path.of(properties.file()));
    }

    @Bean
    MasterKeyProvider masterKeys(KeysProperties properties) {
        return LocalKeysetMasterKeys.load(Path.of(properties.keysetFile()));
    }

    @Bean
    ManifestStore manifestStore(MasterKeyProvider masterKeys) {
        return new ManifestStore(masterKeys);
    }
}
