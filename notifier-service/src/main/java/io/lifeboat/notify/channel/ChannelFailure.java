package io.lifeboat.notify.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to hand a notification to a channel failed. The message is the reason that ends up in
 * NotificationFailed, so it names the status or I/O error and never holds a secret or a full URL.
 */
public final class ChannelFailure extends Exception {

    private final boolean permanent;
    private final transient Duration retryAfter;

    private ChannelFailure(String reason, boolean permanent, Throwable cause, Duration retryAfter) {
        super(reason, cause);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** The channel is overloaded or down and said when to come back (HTTP 429/503 with Retry-After). */
    public static ChannelFailure overloaded(String reason, Duration retryAfter) {
        return new ChannelFailure(reason, false, null, retryAfter);
    }

    /** How long the channel asked us to wait before the next attempt, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The channel was unreachable, slow or overloaded; another attempt may succeed. */
    public static ChannelFailure transientFailure(String reason, Throwable cause) {
        return new ChannelFailure(reason, false, cause, null);
    }

    /** The channel refused the notification; sending it again cannot help. */
    public static ChannelFailure permanent(String reason) {
        return new ChannelFailure(reason, true, null, null);
    }

    public boolean isPermanent() {
        return permanent;
    }

    public String reason() {
        return getMessage();
    }
}
