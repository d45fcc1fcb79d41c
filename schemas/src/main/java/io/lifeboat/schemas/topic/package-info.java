/**
 * The single catalogue of Kafka topics: each {@link io.lifeboat.schemas.topic.Topic} names its topic, the Avro
 * type of its values and what its key holds. Code refers to topics through {@link io.lifeboat.schemas.topic.Topics},
 * never through string literals, and every service sends through {@link io.lifeboat.schemas.topic.TopicSender}.
 */
package io.lifeboat.schemas.topic;
