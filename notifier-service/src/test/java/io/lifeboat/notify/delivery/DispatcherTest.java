package io.lifeboat.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.NotificationChannel;
import io.lifeboat.notify.outbox.FileOutbox;
import io.lifeboat.notify.routing.Routing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Delivery with the real policy and file outbox and a hand-moved clock for the maximum age. */
class DispatcherTest {

    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));
    private static final Duration MAX_AGE = Duration.ofHours(1);

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock();
    private final BlockingQueue<String> reported = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> webhook = new LinkedBlockingQueue<>();
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    @Test
    void aChannelThatThrowsIsDeadLetteredAfterTheMaximumAgeNotRetriedForever() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        NotificationChannel throwing = new TestChannel("status-page", notification -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("cannot read the answer");
        });
        NotificationChannel recording = new TestChannel("webhook", notification -> {
            webhook.add(notification.alert().incident());
            return new DeliveryOutcome.Delivered(1);
        });
        Routing routing = new Routing(POLICY.communication(), List.of("webhook"), (c, a) -> true, Map.of());
        dispatcher = new Dispatcher(List.of(throwing, recording), List.of("webhook"),
                FileOutbox.open(dir, JsonMapper.builder().build()),
                (n, o) -> reported.add(n.channel() + " " + o), routing, clock, Duration.ofMillis(20), MAX_AGE,
                Duration.ZERO);
        Notification page = Notification.of(EscalatorTest.alert("inc-1"), "status-page", "customers");
        assertThat(dispatcher.enqueue(page)).isTrue();
        for (int i = 0; i < 3000 && attempts.get() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(attempts.get()).as("delivery attempts within 30 s").isGreaterThanOrEqualTo(2);
        assertThat(reported).as("nothing finished before the maximum age").isEmpty();

        clock.advance(MAX_AGE);
        String outcome = reported.poll(30, TimeUnit.SECONDS);
        assertThat(outcome).as("the notification is finished").isNotNull()
                .startsWith("status-page Failed").contains("dead-lettered", "IllegalStateException")
                .doesNotContain("cannot read the answer");
        assertThat(webhook.poll(30, TimeUnit.SECONDS)).as("the dead letter alerted on the webhook")
                .isEqualTo("dead-letter:" + page.id());
    }
}
