package io.lifeboat.backup.onchange;

import io.lifeboat.backup.config.OnChangeProperties;
import io.lifeboat.backup.run.BackupCommit;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One backup job per configured on-change source. */
@Configuration(proxyBeanMethods = false)
class OnChangeConfiguration {

    @Bean
    @ConditionalOnExpression("!'${lifeboat.backup.on-change.configuration-repository:}'.isBlank()")
    OnChangeBackup configurationBackup(OnChangeProperties properties, BackupCommit commit, Clock clock) {
        return new OnChangeBackup(new GitRepositorySource(Path.of(properties.configurationRepository())), commit,
                clock);
    }

    @Bean
    @ConditionalOnExpression("!'${lifeboat.backup.on-change.secrets-directory:}'.isBlank()")
    OnChangeBackup secretsBackup(OnChangeProperties properties, BackupCommit commit, Clock clock) {
        return new OnChangeBackup(new SecretsDirectorySource(Path.of(properties.secretsDirectory())), commit, clock);
    }
}
