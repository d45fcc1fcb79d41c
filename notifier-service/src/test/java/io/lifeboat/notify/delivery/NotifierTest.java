package io.lifeboat.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.NotificationChannel;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import io.lifeboat.notify.outbox.FileOutbox;
import io.lifeboat.notify.routing.Routing;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Episodes of an incident with the real policy, routing and file outbox (reopened as after a restart). */
class NotifierTest {

    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private Dispatcher dispatcher;
    private Escalator escalator;

    @AfterEach
    void close() {
        escalator.close();
        dispatcher.close();
    }

    private Notifier notifier(FileOutbox outbox) {
        if (dispatcher != null) {
            close();
        }
        NotificationChannel webhook = new TestChannel("webhook", notification -> new DeliveryOutcome.Delivered(1));
        Routing routing = new Routing(POLICY.communication(), List.of("webhook"), (c, a) -> true, Map.of());
        Clock clock = Clock.fixed(T0, java.time.ZoneOffset.UTC);
        dispatcher = new Dispatcher(List.of(webhook), List.of("webhook"), outbox, (n, o) -> { }, routing, clock,
                Duration.ofSeconds(1), Duration.ofHours(1), Duration.ZERO);
        escalator = new Escalator(outbox, routing, dispatcher, (a, s, h, c) -> { }, clock, Duration.ofMinutes(15),
                Duration.ofHours(1));
        return new Notifier(routing, dispatcher, escalator, outbox);
    }

    @Test
    void aRaiseNotAfterTheIncidentsResolutionOpensNoNewEpisodeEvenAfterARestart() {
        FileOutbox outbox = FileOutbox.open(dir, JsonMapper.builder().build());
        Notifier notifier = notifier(outbox);
        notifier.dispatch(alert("raised", T0, false));
        notifier.dispatch(alert("resolved", T0.plusSeconds(60), true));
        assertThat(queued(outbox, alert("raised", T0, false).inEpisode(0))).isTrue();

        // redelivered, and a raise read after its resolution (published before it)
        notifier.dispatch(alert("raised", T0, false));
        notifier.dispatch(alert("raised-late", T0.plusSeconds(30), false));
        notifier.dispatch(alert("resolved", T0.plusSeconds(60), true));
        assertThat(queued(outbox, alert("any", T0, false).inEpisode(1))).as("a second episode").isFalse();

        FileOutbox reopened = FileOutbox.open(dir, JsonMapper.builder().build());
        Notifier restarted = notifier(reopened);
        restarted.dispatch(alert("raised-late", T0.plusSeconds(30), false));
        assertThat(queued(reopened, alert("any", T0, false).inEpisode(1))).as("after a restart").isFalse();

        restarted.dispatch(alert("raised-again", T0.plusSeconds(61), false));
        assertThat(queued(reopened, alert("any", T0, false).inEpisode(1))).as("raised again later").isTrue();
    }

    /** Whether the webhook notification of {@code alert} was ever queued (it may be delivered by now). */
    private static boolean queued(FileOutbox outbox, Alert alert) {
        String id = Notification.of(alert, "webhook").id();
        return outbox.finished(id) || outbox.pending().stream().anyMatch(p -> p.notification().id().equals(id));
    }

    private static Alert alert(String eventId, Instant at, boolean resolution) {
        return new Alert(new Source(eventId, resolution ? "AlertResolved" : "AlertRaised", "c", at),
                Severity.CRITICAL, "BACKUP_AGE: db", "no backup for 26 h", null, "database", "run a backup",
                "BACKUP_AGE:db", resolution);
    }
}
