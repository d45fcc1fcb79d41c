package io.lifeboat.verify;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VerifyServiceApplication {

    /** The service's configuration file is {@code verify-service.yml}, so several services can share a JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(VerifyServiceApplication.class)
                .properties("spring.config.name=verify-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
