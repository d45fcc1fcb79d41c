/**
 * The durable event outbox: a service that must not lose a fact writes each event to a local directory before it
 * is sent, and deletes it only once Kafka took it. Sending happens on the outbox's own thread, so a caller never
 * waits for Kafka. What is left (Kafka down, process killed) is sent again, oldest first, at start-up, after each new
 * event and every resend interval, never after a newer event with the same key, with its original header (so
 * consumers still dedupe on its eventId). See {@link io.lifeboat.schemas.outbox.EventOutbox}.
 */
package io.lifeboat.schemas.outbox;
