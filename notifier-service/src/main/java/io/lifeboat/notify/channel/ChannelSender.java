package io.lifeboat.notify.channel;

import io.lifeboat.notify.notification.Notification;

/** One attempt to hand a notification to a channel; no retrying here. */
@FunctionalInterface
public interface ChannelSender {

    void send(Notification notification) throws ChannelFailure;
}
