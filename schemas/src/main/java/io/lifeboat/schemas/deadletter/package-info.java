/**
 * Poison records never stop a consumer: bounded retries, then the binding's dead-letter topic, for records that do
 * not decode (kept byte for byte) and for events whose handling keeps failing (re-encoded in wire format).
 *
 * <p>Why this is not plain binder configuration: with native decoding through {@code ErrorHandlingDeserializer}, a
 * record that does not decode is rejected by the listener container before the binding sees it, so the binder's
 * {@code enable-dlq} alone would log and skip it. {@link io.lifeboat.schemas.deadletter.DeadLetters} therefore
 * tells the binder to leave retry and DLQ alone and gives each container a {@code DefaultErrorHandler} that retries
 * with the binding's back-off and then publishes to the binding's {@code dlq-name}. Keep the bindings'
 * {@code max-attempts} at 2 or more.
 */
package io.lifeboat.schemas.deadletter;
