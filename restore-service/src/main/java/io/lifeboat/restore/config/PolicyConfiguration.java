package io.lifeboat.restore.config;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.restore.copy.BackupCopies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The policy and the master keys, loaded once at start-up: a missing or wrong policy file or keyset stops the
 * service with the loader's message (which names the key or the file).
 */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

    @Bean
    Policy policy(PolicyProperties properties) {
        return PolicyFile.load(properties.filePath());
    }

    @Bean
    MasterKeyProvider masterKeys(KeysProperties properties) {
        return LocalKeysetMasterKeys.load(properties.keysetFilePath());
    }

    @Bean
    ManifestStore manifestStore(MasterKeyProvider masterKeys) {
        return new ManifestStore(masterKeys);
    }

    @Bean
    BackupCopies backupCopies(RestoreProperties properties, ManifestStore manifests) {
        return new BackupCopies(properties.locations(), manifests);
    }
}
