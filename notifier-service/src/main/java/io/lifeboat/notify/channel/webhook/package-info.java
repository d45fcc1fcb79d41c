/**
 * The webhook channel: each notification is POSTed as one JSON object ({@link
 * io.lifeboat.notify.channel.webhook.WebhookPayload}) with the JDK HTTP client, with explicit connect and response
 * timeouts. When a secret is configured the exact body bytes are signed with HMAC-SHA256 and the signature is sent
 * as {@code X-Lifeboat-Signature: sha256=<lower-case hex>}; {@code X-Lifeboat-Notification-Id} carries the
 * notification id so a receiver can drop redeliveries.
 *
 * <p>Failure classes: 5xx and 429 answers, timeouts and I/O errors (connection refused or reset) are transient;
 * every other non-2xx answer (other 4xx, and 3xx, which are not followed) is permanent.
 */
package io.lifeboat.notify.channel.webhook;
