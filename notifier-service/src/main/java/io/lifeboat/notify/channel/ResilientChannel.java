package io.lifeboat.notify.channel;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.NotificationChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A channel behind the three resilience4j decorators, outermost first: a bulkhead (bounded concurrent sends), a
 * retry (exponential backoff with jitter from configuration, never shorter than the channel's Retry-After up to
 * {@link #MAX_RETRY_AFTER}, never for permanent failures) and a circuit breaker around each attempt (an open breaker ends the cycle at once with
 * {@link DeliveryOutcome.Unavailable}, so the caller can use a fallback channel).
 */
public final class ResilientChannel implements NotificationChannel {

    /** Retry only transient channel failures; a permanent one, an open breaker or a bug ends the attempts. */
    public static final Predicate<Throwable> RETRYABLE = t -> t instanceof ChannelFailure f && !f.isPermanent();
    /**
     * The longest Retry-After honoured between two attempts (the default configuration's longest backoff): a server
     * may ask for hours (an HTTP date), and waiting that long would hold one of the channel's few workers and keep
     * the notification from its redelivery, dead-lettering and report.
     */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final String name;
    private final ChannelSender sender;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final AudienceFilter audiences;

    /** Which stakeholders a channel can reach (e-mail needs addresses for them, phone needs numbers). */
    @FunctionalInterface
    public interface AudienceFilter {
        boolean reaches(String audience);
    }

    /**
     * @param retry the configured retry of this channel; its backoff is kept and made to honour Retry-After
     */
    public ResilientChannel(String name, ChannelSender sender, Retry retry, CircuitBreaker breaker,
                            Bulkhead bulkhead, AudienceFilter audiences) {
        this.name = name;
        this.sender = sender;
        this.retry = honouringRetryAfter(retry);
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.audiences = audiences;
    }

    static Retry honouringRetryAfter(Retry configured) {
        RetryConfig config = configured.getRetryConfig();
        IntervalBiFunction<Object> backoff = config.getIntervalBiFunction();
        IntervalBiFunction<Object> honouring = (attempt, result) -> {
            long millis = backoff.apply(attempt, result);
            if (result != null && result.isLeft() && result.getLeft() instanceof ChannelFailure f
                    && f.retryAfter().isPresent()) {
                millis = Math.max(millis, Math.min(f.retryAfter().get().toMillis(), MAX_RETRY_AFTER.toMillis()));
            }
            return millis;
        };
        return Retry.of(configured.getName(), RetryConfig.from(config)
                .intervalBiFunction(honouring)
                .retryOnException(RETRYABLE)
                .build());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean reaches(String audience) {
        return audiences.reaches(audience);
    }

    @Override
    public int concurrency() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }

    @Override
    public DeliveryOutcome deliver(Notification notification) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            bulkhead.executeCheckedSupplier(() -> retry.executeCheckedSupplier(() -> {
                attemptOnce(notification, attempts);
                return null;
            }));
            return new DeliveryOutcome.Delivered(attempts.get());
        } catch (CallNotPermittedException e) {
            return new DeliveryOutcome.Unavailable(Math.max(1, attempts.get()),
                    "channel '" + name + "' circuit breaker is open");
        } catch (ChannelFailure f) {
            return new DeliveryOutcome.Failed(attempts.get(), f.isPermanent(), f.reason());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("channel '" + name + "' failed unexpectedly", t);
        }
    }

    private void attemptOnce(Notification notification, AtomicInteger attempts) throws ChannelFailure {
        breaker.acquirePermission();
        attempts.incrementAndGet();
        long start = System.nanoTime();
        try {
            sender.send(notification);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (ChannelFailure f) {
            if (f.isPermanent()) {
                // the channel answered: it is up, it just refused this message
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, f);
            }
            throw f;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ResilientChannel[" + name + ", retry max " + retry.getRetryConfig().getMaxAttempts()
                + " attempts, bulkhead " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + "]";
    }

    /** The backoff a retry would wait before {@code attempt} (for tests and logs). */
    Duration backoffBefore(int attempt, Throwable failure) {
        return Duration.ofMillis(retry.getRetryConfig().getIntervalBiFunction()
                .apply(attempt, io.github.resilience4j.core.functions.Either.left(failure)));
    }
}
