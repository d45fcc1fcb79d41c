/**
 * The durable outbox of notifier-service on the local file system: undelivered notifications, finished ids (the
 * exactly-one-page guarantee across restarts), pending escalations and acknowledgements.
 */
package io.lifeboat.notify.outbox;
