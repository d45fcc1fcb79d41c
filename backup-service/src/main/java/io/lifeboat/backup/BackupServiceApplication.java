package io.lifeboat.backup;

import io.lifeboat.format.crypto.CipherWarmUp;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BackupServiceApplication {

    /**
     * The service's configuration file is {@code backup-service.yml}, so several services can share a JVM; AES-GCM
     * is warmed up in the background as the context starts ({@link CipherWarmUp}).
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(BackupServiceApplication.class)
                .properties("spring.config.name=backup-service")
                .initializers(context -> CipherWarmUp.inBackground());
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
