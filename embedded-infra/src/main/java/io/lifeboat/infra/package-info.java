/**
 * Real infrastructure, started on one machine without Docker: a Kafka broker process in KRaft mode
 * ({@code kafka}), throwaway PostgreSQL clusters made with {@code initdb} ({@code postgres}) and a schema registry
 * speaking the Confluent REST API ({@code registry}). The embedded default ({@code local-runtime}) runs on these,
 * and so do the services' integration tests.
 */
package io.lifeboat.infra;
