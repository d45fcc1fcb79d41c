package io.lifeboat.verify;

import io.lifeboat.format.crypto.CipherWarmUp;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VerifyServiceApplication {

    /**
     * The service's configuration file is {@code verify-service.yml}, so several services can share a JVM; AES-GCM
     * is warmed up in the background as the context starts ({@link CipherWarmUp}).
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(VerifyServiceApplication.class)
                .properties("spring.config.name=verify-service")
                .initializers(context -> CipherWarmUp.inBackground());
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
