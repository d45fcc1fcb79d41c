/**
 * A client for the Confluent Schema Registry REST API: registers a schema under a subject, fetches a schema by id,
 * and caches both. Works against Confluent Schema Registry and the embedded registry of {@code embedded-infra}.
 * Failures are {@link io.lifeboat.schemas.registry.SchemaRegistryException}s whose
 * {@link io.lifeboat.schemas.registry.SchemaRegistryException.Reason} says what went wrong.
 */
package io.lifeboat.schemas.registry;
