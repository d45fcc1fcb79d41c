/**
 * Getting notifications out, whatever the channels do: a durable {@link io.lifeboat.notify.delivery.Outbox}, the
 * {@link io.lifeboat.notify.delivery.Dispatcher} (per-channel bounded workers, redelivery, fallback while a
 * breaker is open, dead letters after the maximum age) and the {@link io.lifeboat.notify.delivery.Escalator}
 * (unacknowledged criticals climb the policy's ladder). No Spring, no Kafka.
 */
package io.lifeboat.notify.delivery;
