/**
 * The single catalogue of Kafka topics: each {@link io.lifeboat.schemas.topic.Topic} names its topic, the Avro
 * type of its values and what its key holds. Code refers to topics through {@link io.lifeboat.schemas.topic.Topics},
 * never through string literals, every service sends through {@link io.lifeboat.schemas.topic.TopicSender}, and a
 * consumer reading topics outside the bindings takes {@link io.lifeboat.schemas.topic.TopicReaderSettings}.
 */
package io.lifeboat.schemas.topic;
