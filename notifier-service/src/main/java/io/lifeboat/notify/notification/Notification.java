package io.lifeboat.notify.notification;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * One alert addressed to one channel.
 *
 * @param id      derived from the alert's incident and the channel (see {@link #idFor}), never random: every
 *                redelivery, and every other event about the same incident, carries the same id to a channel
 * @param channel the channel's name, e.g. "webhook"
 * @param alert   what to say
 */
public record Notification(String id, String channel, Alert alert) {

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(alert, "alert");
    }

    public static Notification of(Alert alert, String channel) {
        return new Notification(idFor(alert.incident(), channel), channel, alert);
    }

    /** A name-based (type 3) UUID of {@code incident} and {@code channel}: the same inputs give the same id. */
    public static String idFor(String incident, String channel) {
        return UUID.nameUUIDFromBytes((incident + '\n' + channel).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
