package io.lifeboat.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TopicReaderSettingsTest {

    @Test
    void aReaderTakesTheBindersBrokersAndSecurityButNoGroupNoDeserializersAndCommitsNothing() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("binder", Map.of(
                "spring.cloud.stream.kafka.binder.brokers", "broker-a:9093,broker-b:9093",
                "spring.cloud.stream.kafka.binder.configuration.security.protocol", "SASL_SSL",
                "spring.cloud.stream.kafka.binder.consumer-properties.schema.registry.url", "http://registry:8085",
                "spring.cloud.stream.kafka.binder.consumer-properties.group.id", "shared-group",
                "spring.cloud.stream.kafka.binder.consumer-properties.value.deserializer", "some.Deserializer")));

        Map<String, Object> settings = TopicReaderSettings.of(environment, "verify-service-replay-progress-v1");

        assertThat(settings)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker-a:9093,broker-b:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("schema.registry.url", "http://registry:8085")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "verify-service-replay-progress-v1")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false)
                .doesNotContainKeys(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
    }

    @Test
    void withoutBrokersConfiguredTheBindersDefaultIsUsed() {
        assertThat(TopicReaderSettings.of(new StandardEnvironment(), "reader"))
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    }
}
