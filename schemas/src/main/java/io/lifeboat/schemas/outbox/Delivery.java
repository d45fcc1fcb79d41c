package io.lifeboat.schemas.outbox;

import io.lifeboat.schemas.topic.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * Hands one event to Kafka, throwing when it was not taken; in the services {@code topicSender::send}
 * ({@link io.lifeboat.schemas.topic.TopicSender}).
 */
@FunctionalInterface
public interface Delivery {

    <V extends SpecificRecord> void send(Topic<V> topic, String key, V event);
}
