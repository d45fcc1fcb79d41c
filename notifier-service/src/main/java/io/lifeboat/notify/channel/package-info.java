/**
 * What every notification channel shares: a channel sends one attempt at a time through a
 * {@link io.lifeboat.notify.channel.ChannelSender}, which classifies each failure as transient (worth retrying:
 * the channel is down, slow or overloaded) or permanent (the channel refused the message). The
 * {@link io.lifeboat.notify.channel.RetryingChannel} decorator retries the transient ones with a resilience4j
 * {@code Retry} and turns the end result into a {@link io.lifeboat.notify.notification.DeliveryOutcome}.
 */
package io.lifeboat.notify.channel;
