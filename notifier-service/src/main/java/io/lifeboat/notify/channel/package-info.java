/**
 * What every notification channel shares: a channel sends one attempt at a time through a
 * {@link io.lifeboat.notify.channel.ChannelSender}, which classifies each failure as transient (worth retrying:
 * the channel is down, slow or overloaded, possibly saying when to come back) or permanent (the channel refused
 * the message). {@link io.lifeboat.notify.channel.ResilientChannel} puts each sender behind a resilience4j
 * bulkhead, retry (exponential backoff with jitter, never shorter than Retry-After) and circuit breaker, and turns
 * the end result into a {@link io.lifeboat.notify.notification.DeliveryOutcome}. {@link
 * io.lifeboat.notify.channel.AlertText} holds the words every human channel uses.
 */
package io.lifeboat.notify.channel;
