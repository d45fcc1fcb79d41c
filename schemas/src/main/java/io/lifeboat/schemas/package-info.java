/**
 * The Avro contract every Lifeboat service speaks: the topic catalogue ({@code topic}), the Confluent
 * wire-format serde ({@code serde}) and a client for the Confluent Schema Registry REST API
 * ({@code registry}). The event classes themselves are generated from {@code src/main/avro} into
 * {@code io.lifeboat.events}.
 */
package io.lifeboat.schemas;
