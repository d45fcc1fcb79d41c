package io.lifeboat.notify.channel;

import io.github.resilience4j.retry.Retry;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.NotificationChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A channel that retries transient failures of its sender with a resilience4j {@link Retry} (attempts and backoff
 * come from configuration) and never retries permanent ones. Its retry must be built with
 * {@link #RETRYABLE} as the exception predicate.
 */
public final class RetryingChannel implements NotificationChannel {

    /** Retry only transient channel failures; a permanent one, or any bug, ends the attempts at once. */
    public static final Predicate<Throwable> RETRYABLE = t -> t instanceof ChannelFailure f && !f.isPermanent();

    private final String name;
    private final ChannelSender sender;
    private final Retry retry;

    public RetryingChannel(String name, ChannelSender sender, Retry retry) {
        this.name = name;
        this.sender = sender;
        this.retry = retry;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryOutcome deliver(Notification notification) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            retry.executeCheckedSupplier(() -> {
                attempts.incrementAndGet();
                sender.send(notification);
                return null;
            });
            return new DeliveryOutcome.Delivered(attempts.get());
        } catch (ChannelFailure f) {
            return new DeliveryOutcome.Failed(attempts.get(), f.isPermanent(), f.reason());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("channel '" + name + "' failed unexpectedly", t);
        }
    }
}
