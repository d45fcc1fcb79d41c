package io.lifeboat.schemas.topic;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic carrying one event type.
 *
 * @param name      the topic name
 * @param valueType the generated Avro class of its values
 * @param key       what the record key holds (the aggregate id that keeps related events ordered)
 */
public record Topic<V extends SpecificRecord>(String name, Class<V> valueType, String key) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(key, "key");
    }

    /** The schema-registry subject of this topic's values (TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }

    /** The dead-letter topic where a consumer group parks records of this topic it cannot process. */
    public String deadLetter(String consumerGroup) {
        return name + "." + consumerGroup + ".dlt";
    }
}
