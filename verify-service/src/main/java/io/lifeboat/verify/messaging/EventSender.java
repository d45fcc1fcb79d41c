package io.lifeboat.verify.messaging;

import io.lifeboat.schemas.topic.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/** Sends one event to its topic with its aggregate id as the record key; a send that fails throws. */
@Component
class EventSender {

    private final StreamBridge bridge;

    EventSender(StreamBridge bridge) {
        this.bridge = bridge;
    }

    <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
        if (!bridge.send(topic.name(), MessageBuilder.withPayload(event).setHeader(KafkaHeaders.KEY, key).build())) {
            throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
        }
    }
}
