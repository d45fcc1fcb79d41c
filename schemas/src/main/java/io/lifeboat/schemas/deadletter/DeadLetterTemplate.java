package io.lifeboat.schemas.deadletter;

import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/**
 * The producer that writes dead letters. A dead letter's value is either the raw bytes of a record that did not
 * decode (restored from the deserialization exception) or the decoded event whose handling failed, so the value
 * serializer picks by type: bytes as they are, events in Confluent wire format.
 *
 * <p>It connects where the binder does (bootstrap servers and security settings of the binder's admin client, which
 * every listener container carries), is created with the first container and closed with {@link DeadLetters}.
 */
final class DeadLetterTemplate {

    private final SchemaRegistryClient registry;
    private DefaultKafkaProducerFactory<String, Object> factory;
    private KafkaTemplate<String, Object> template;

    DeadLetterTemplate(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    synchronized KafkaTemplate<String, Object> forContainer(AbstractMessageListenerContainer<?, ?> container) {
        if (template == null) {
            Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
            byType.put(byte[].class, new ByteArraySerializer());
            byType.put(SpecificRecord.class, new AvroEventSerializer(registry));
            KafkaAdmin admin = container.getKafkaAdmin();
            if (admin == null) {
                throw new IllegalStateException("listener container " + container.getBeanName()
                        + " has no KafkaAdmin to take the broker connection from");
            }
            factory = new DefaultKafkaProducerFactory<>(connection(admin.getConfigurationProperties()),
                    new StringSerializer(), new DelegatingByTypeSerializer(byType, true));
            factory.setBeanName("lifeboat.dlt.producer");
            template = new KafkaTemplate<>(factory);
        }
        return template;
    }

    private static Map<String, Object> connection(Map<String, Object> admin) {
        Map<String, Object> producer = new HashMap<>();
        admin.forEach((key, value) -> {
            if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                producer.put(key, value);
            }
        });
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return producer;
    }

    synchronized void destroy() {
        if (factory != null) {
            factory.destroy();
        }
    }
}
