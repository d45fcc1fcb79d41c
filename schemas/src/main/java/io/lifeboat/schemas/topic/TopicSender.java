package io.lifeboat.schemas.topic;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends one event to its topic through Spring Cloud Stream, with its aggregate id as the record key. A send the binder
 * refuses throws; with the services' synchronous producers, so does one the broker does not acknowledge.
 */
public final class TopicSender {

    private final StreamBridge bridge;

    public TopicSender(StreamBridge bridge) {
        this.bridge = Objects.requireNonNull(bridge, "bridge");
    }

    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
        if (!bridge.send(topic.name(), MessageBuilder.withPayload(event).setHeader(KafkaHeaders.KEY, key).build())) {
            throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
        }
    }
}
