package io.lifeboat.restore;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RestoreServiceApplication {

    /** The service's configuration file is {@code restore-service.yml}, so several services can share a JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(RestoreServiceApplication.class)
                .properties("spring.config.name=restore-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
