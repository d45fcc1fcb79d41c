package io.lifeboat.notify.channel;

/**
 * One attempt to hand a notification to a channel failed. The message is the reason that ends up in
 * NotificationFailed, so it names the status or I/O error and never holds a secret or a full URL.
 */
public final class ChannelFailure extends Exception {

    private final boolean permanent;

    private ChannelFailure(String reason, boolean permanent, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    /** The channel was unreachable, slow or overloaded; another attempt may succeed. */
    public static ChannelFailure transientFailure(String reason, Throwable cause) {
        return new ChannelFailure(reason, false, cause);
    }

    /** The channel refused the notification; sending it again cannot help. */
    public static ChannelFailure permanent(String reason) {
        return new ChannelFailure(reason, true, null);
    }

    public boolean isPermanent() {
        return permanent;
    }

    public String reason() {
        return getMessage();
    }
}
