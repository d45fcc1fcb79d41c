package io.lifeboat.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResilientChannelTest {

    private static final Notification NOTIFICATION = Notification.of(new Alert(
            new Source("e-1", "AlertRaised", "c-1", Instant.EPOCH), Severity.CRITICAL, "t", "w", null, "s", "r"),
            "test");

    @Test
    void transientFailuresAreRetriedUntilDelivered() {
        Scripted sender = new Scripted(ChannelFailure.transientFailure("HTTP 503", null),
                ChannelFailure.transientFailure("HTTP 503", null));

        assertThat(channel(sender, 5).deliver(NOTIFICATION)).isEqualTo(new DeliveryOutcome.Delivered(3));
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        Scripted sender = new Scripted(ChannelFailure.permanent("HTTP 400"));

        assertThat(channel(sender, 5).deliver(NOTIFICATION))
                .isEqualTo(new DeliveryOutcome.Failed(1, true, "HTTP 400"));
        assertThat(sender.calls).isEqualTo(1);
    }

    @Test
    void retriesRunOutAsATransientFailure() {
        Scripted sender = new Scripted(ChannelFailure.transientFailure("HTTP 503", null),
                ChannelFailure.transientFailure("HTTP 503", null), ChannelFailure.transientFailure("HTTP 429", null));

        assertThat(channel(sender, 3).deliver(NOTIFICATION))
                .isEqualTo(new DeliveryOutcome.Failed(3, false, "HTTP 429"));
    }

    @Test
    void theWaitIsNeverShorterThanRetryAfterAndOtherwiseTheConfiguredBackoff() {
        ResilientChannel channel = channel(new Scripted(), 3);

        assertThat(channel.backoffBefore(1, ChannelFailure.overloaded("HTTP 429", Duration.ofSeconds(7))))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(channel.backoffBefore(1, ChannelFailure.transientFailure("HTTP 503", null)))
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aRetryAfterLongerThanTheMaximumWaitIsCapped() {
        ResilientChannel channel = channel(new Scripted(), 3);

        assertThat(channel.backoffBefore(1, ChannelFailure.overloaded("HTTP 429", Duration.ofHours(6))))
                .isEqualTo(ResilientChannel.MAX_RETRY_AFTER).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anOpenBreakerEndsTheCycleAsUnavailableWithoutCallingTheSender() {
        Scripted sender = new Scripted();
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("test");
        breaker.transitionToForcedOpenState();
        ResilientChannel channel = new ResilientChannel("test", sender, retry(5), breaker,
                Bulkhead.ofDefaults("test"), a -> true);

        assertThat(channel.deliver(NOTIFICATION)).isInstanceOf(DeliveryOutcome.Unavailable.class);
        assertThat(sender.calls).isZero();
    }

    private static ResilientChannel channel(ChannelSender sender, int maxAttempts) {
        return new ResilientChannel("test", sender, retry(maxAttempts), CircuitBreaker.ofDefaults("test"),
                Bulkhead.ofDefaults("test"), a -> true);
    }

    private static Retry retry(int maxAttempts) {
        return Retry.of("test", RetryConfig.custom().maxAttempts(maxAttempts)
                .intervalFunction(IntervalFunction.of(Duration.ofMillis(1))).build());
    }

    private static final class Scripted implements ChannelSender {
        private final Deque<ChannelFailure> failures;
        int calls;

        Scripted(ChannelFailure... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public void send(Notification notification) throws ChannelFailure {
            calls++;
            ChannelFailure next = failures.poll();
            if (next != null) {
                throw next;
            }
        }
    }
}
