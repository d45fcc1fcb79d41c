package io.lifeboat.schemas.topic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Settings for a plain Kafka consumer a service reads topics with outside its bindings (read back from the beginning,
 * or asked for offsets): the Kafka binder's own settings ({@code spring.cloud.stream.kafka.binder.brokers},
 * {@code .configuration} and {@code .consumer-properties}), so the brokers, the security settings and the consumers'
 * schema registry are the bindings', without a group, committing nothing and never creating a topic. Keys and values
 * are left to the caller's deserializers.
 */
public final class TopicReaderSettings {

    private static final String BINDER = "spring.cloud.stream.kafka.binder";

    private TopicReaderSettings() {
    }

    /** The settings for a consumer that names itself {@code clientId} to the brokers. */
    public static Map<String, Object> of(Environment environment, String clientId) {
        Binder binder = Binder.get(environment);
        Bindable<Map<String, String>> map = Bindable.mapOf(String.class, String.class);
        Map<String, Object> config = new HashMap<>(binder.bind(BINDER + ".configuration", map).orElse(Map.of()));
        config.putAll(binder.bind(BINDER + ".consumer-properties", map).orElse(Map.of()));
        config.computeIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, k -> String.join(",",
                binder.bind(BINDER + ".brokers", Bindable.listOf(String.class)).orElse(List.of("localhost:9092"))));
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }
}
