package io.lifeboat.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class RetryingChannelTest {

    private static final Notification NOTIFICATION = Notification.of(new Alert(
            new Source("e-1", "BackupFailed", "c-1", Instant.EPOCH), Severity.CRITICAL, "t", "w", null, "s", "r"),
            "test");

    @Test
    void transientFailuresAreRetriedAndTheAttemptsCounted() {
        Scripted sender = new Scripted(transientFailure(), transientFailure());

        DeliveryOutcome outcome = channel(sender, 4).deliver(NOTIFICATION);

        assertThat(outcome).isEqualTo(new DeliveryOutcome.Delivered(3));
        assertThat(sender.calls).isEqualTo(3);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        Scripted sender = new Scripted(ChannelFailure.permanent("HTTP 400"));

        DeliveryOutcome outcome = channel(sender, 4).deliver(NOTIFICATION);

        assertThat(outcome).isEqualTo(new DeliveryOutcome.Failed(1, true, "HTTP 400"));
        assertThat(sender.calls).isEqualTo(1);
    }

    @Test
    void givingUpReportsTheLastTransientFailure() {
        Scripted sender = new Scripted(transientFailure(), transientFailure(),
                ChannelFailure.transientFailure("HTTP 429", null));

        DeliveryOutcome outcome = channel(sender, 3).deliver(NOTIFICATION);

        assertThat(outcome).isEqualTo(new DeliveryOutcome.Failed(3, false, "HTTP 429"));
        assertThat(sender.calls).isEqualTo(3);
    }

    @Test
    void aBugIsNeitherRetriedNorReportedAsAChannelFailure() {
        ChannelSender broken = n -> {
            throw new IllegalStateException("bug");
        };

        assertThatThrownBy(() -> channel(broken, 4).deliver(NOTIFICATION)).hasMessage("bug");
    }

    private static RetryingChannel channel(ChannelSender sender, int maxAttempts) {
        return new RetryingChannel("test", sender, Retry.of("test", RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .waitDuration(Duration.ofMillis(1))
                .retryOnException(RetryingChannel.RETRYABLE)
                .build()));
    }

    private static ChannelFailure transientFailure() {
        return ChannelFailure.transientFailure("HTTP 503", null);
    }

    /** Throws the given failures one per call, in order, then succeeds. */
    private static final class Scripted implements ChannelSender {

        final Deque<ChannelFailure> failures;
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
