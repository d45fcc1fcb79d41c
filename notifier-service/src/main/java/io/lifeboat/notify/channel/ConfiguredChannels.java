package io.lifeboat.notify.channel;

import io.lifeboat.notify.notification.NotificationChannel;
import java.util.List;
import java.util.Optional;

/**
 * The channels this instance has, and which of them receive every alert (broadcast: the generic webhook and
 * PagerDuty) rather than a stakeholder's share.
 */
public record ConfiguredChannels(List<ResilientChannel> channels, List<String> broadcast) {

    public static final String WEBHOOK = "webhook";

    public ConfiguredChannels {
        channels = List.copyOf(channels);
        broadcast = List.copyOf(broadcast);
    }

    public List<NotificationChannel> all() {
        return List.copyOf(channels);
    }

    public Optional<ResilientChannel> named(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether channel {@code name} exists and reaches {@code audience}. */
    public boolean reaches(String name, String audience) {
        return named(name).map(c -> c.reaches(audience)).orElse(false);
    }
}
