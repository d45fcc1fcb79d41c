package io.lifeboat.verify.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.verify.config.ServiceProperties;
import io.lifeboat.verify.config.VerifyProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The replay's gate and a service that stops before the replay finished (no broker answers here). */
class ReplayProgressTest {

    @Test
    void aServiceStoppingBeforeTheReplayFinishedReleasesItsWaitersWithoutCallingItCaughtUp() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("binder",
                Map.of("spring.cloud.stream.kafka.binder.brokers", "127.0.0.1:1")));
        ReplayProgress replay = new ReplayProgress(new VerifyProperties(List.of(), 16L << 20, Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(10)),
                new ServiceProperties("verify-test", "POL-ISMS-008@1.0"), environment);
        replay.start();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            waiting.countDown();
            replay.awaitCaughtUp();
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();

        replay.stop();

        // released by the stop, not by replay-wait (10 minutes); a hang guard, not a measurement
        assertThat(waiter).failsWithin(Duration.ofMinutes(1)).withThrowableThat()
                .withMessageContaining("stopped before the alert topics were read back");
        assertThat(replay.caughtUp()).isFalse();
    }
}
