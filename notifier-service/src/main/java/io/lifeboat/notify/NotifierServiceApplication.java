package io.lifeboat.notify;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NotifierServiceApplication {

    /** The service's configuration file is {@code notifier-service.yml}, so several services can share a JVM. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(NotifierServiceApplication.class)
                .properties("spring.config.name=notifier-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
