package io.lifeboat.notify.notification;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * One alert addressed to one channel and stakeholder.
 *
 * @param id       derived from the alert's incident (or its resolution), the channel and the stakeholder (see
 *                 {@link #of}), never random: every redelivery, and every other event about the same incident,
 *                 carries the same id to a channel and stakeholder
 * @param channel  the channel's name, e.g. "webhook"
 * @param audience the stakeholder (policy 9.2) the channel reaches here, or {@link #EVERYONE} for channels that
 *                 receive every alert (webhook, PagerDuty)
 * @param alert    what to say
 */
public record Notification(String id, String channel, String audience, Alert alert) {

    /** The audience of channels that are not addressed to one stakeholder. */
    public static final String EVERYONE = "everyone";

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(alert, "alert");
    }

    /** The alert on a channel that receives everything. */
    public static Notification of(Alert alert, String channel) {
        return of(alert, channel, EVERYONE);
    }

    /** The alert on {@code channel} for {@code audience}: one id per incident, channel and stakeholder. */
    public static Notification of(Alert alert, String channel, String audience) {
        String target = EVERYONE.equals(audience) ? channel : channel + "@" + audience;
        return new Notification(idFor(alert.deliveryKey(), target), channel, audience, alert);
    }

    /** A name-based (type 3) UUID of {@code incident} and {@code channel}: the same inputs give the same id. */
    public static String idFor(String incident, String channel) {
        return UUID.nameUUIDFromBytes((incident + '\n' + channel).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
