/**
 * Kafka serializer and deserializer for Lifeboat events in Confluent's wire format: magic byte {@code 0}, the
 * 4-byte big-endian schema id the registry assigned, then the Avro binary body. Any consumer with a Confluent
 * deserializer can read what Lifeboat publishes, and the other way round.
 */
package io.lifeboat.schemas.serde;
