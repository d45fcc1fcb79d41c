/**
 * The durable event outbox: a service that must not lose a fact writes each event to a local directory before it
 * is sent, and deletes it only once Kafka took it. What is left (Kafka down, process killed) is sent again, oldest
 * first, at start-up, every resend interval and before any newer event with the same key, with its original header
 * (so consumers still dedupe on its eventId). See {@link io.lifeboat.schemas.outbox.EventOutbox}.
 */
package io.lifeboat.schemas.outbox;
