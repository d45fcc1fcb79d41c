package io.lifeboat.schemas.registry;

import io.lifeboat.schemas.topic.Topic;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Declare one as a bean in a service: while the context starts it registers the value schemas of the topics the
 * service publishes, waiting for an unreachable registry and saying why (see {@link StartupRegistration}).
 */
public final class RegisterOnStartup implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(RegisterOnStartup.class);

    private final URI registry;
    private final Duration maxWait;
    private final List<Topic<?>> published;

    public RegisterOnStartup(URI registry, Duration maxWait, List<Topic<?>> published) {
        this.registry = registry;
        this.maxWait = maxWait;
        this.published = List.copyOf(published);
    }

    @Override
    public void afterPropertiesSet() {
        new StartupRegistration(new SchemaRegistryClient(registry, Duration.ofSeconds(5)), maxWait,
                line -> log.warn("schema registry not ready: {}", line)).register(published);
    }
}
