package io.lifeboat.backup.config;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two files start-up depends on: the policy and the master keyset. Either one missing or wrong stops start-up
 * with the loader's message (which names the policy key, or the keyset file and what is wrong with it).
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean
    Policy policy(PolicyProperties properties) {
        return PolicyFile.load(properties.path());
    }

    @Bean
    MasterKeyProvider masterKeys(KeysProperties properties) {
        return LocalKeysetMasterKeys.load(properties.path());
    }
}
