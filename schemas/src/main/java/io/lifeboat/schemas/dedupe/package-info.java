/**
 * Consumer-side idempotency: Kafka delivers at least once, so consumers remember the event ids they have handled
 * (the header's {@code eventId}) and skip redeliveries.
 */
package io.lifeboat.schemas.dedupe;
