package io.lifeboat.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.DeliveryOutcome;
import io.lifeboat.notify.notification.NotificationChannel;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import io.lifeboat.notify.outbox.FileOutbox;
import io.lifeboat.notify.routing.Routing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Escalation along the policy's CRITICAL ladder with a hand-moved clock and the real policy and file outbox. */
class EscalatorTest {

    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));
    private static final Duration AFTER = POLICY.communication().escalateUnacknowledgedAfter();

    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> escalations = new CopyOnWriteArrayList<>();
    private Dispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private Escalator escalator(FileOutbox outbox) {
        List<NotificationChannel> channels = List.of(recording("webhook"), recording("slack"), recording("sms"),
                recording("voice"), recording("email"));
        Routing routing = new Routing(POLICY.communication(), List.of("webhook"), (c, a) -> true, Map.of());
        dispatcher = new Dispatcher(channels, List.of("webhook"), outbox, (n, o) -> { }, routing, clock,
                Duration.ofSeconds(1), Duration.ofHours(1), Duration.ZERO);
        return new Escalator(outbox, routing, dispatcher,
                (alert, step, stakeholder, ch) -> escalations.add(stakeholder + " " + ch), clock, AFTER,
                Duration.ofSeconds(1));
    }

    @Test
    void anUnacknowledgedCriticalEscalatesToManagementOnceAfterThePolicysDelay() throws Exception {
        FileOutbox outbox = FileOutbox.open(dir, JsonMapper.builder().build());
        Escalator escalator = escalator(outbox);
        escalator.track(alert("inc-1"));

        clock.advance(AFTER.minusSeconds(1));
        escalator.fireDue();
        assertThat(escalations).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        escalator.fireDue();
        escalator.fireDue();
        assertThat(escalations).containsExactly("management [sms, voice, email]");
        assertThat(outbox.escalations()).as("the ladder ends with management").isEmpty();
        awaitSent("sms@management", "voice@management", "email@management");
    }

    /** Waits until every one of {@code expected} has been delivered (deliveries run on the dispatcher's workers). */
    private void awaitSent(String... expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!sent.containsAll(List.of(expected)) && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(sent).contains(expected);
    }

    @Test
    void furtherEventsAboutTheIncidentDoNotPostponeItsEscalation() {
        FileOutbox outbox = FileOutbox.open(dir, JsonMapper.builder().build());
        Escalator escalator = escalator(outbox);
        escalator.track(alert("inc-4"));

        // the failed backup is retried under the same id, failing again within each escalation delay
        clock.advance(AFTER.minusSeconds(10));
        escalator.track(alert("inc-4"));
        escalator.fireDue();
        assertThat(escalations).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        escalator.fireDue();

        assertThat(escalations).containsExactly("management [sms, voice, email]");
    }

    /**
     * Events about the same episode after the last step (the backup failing again, a re-verification) do not start
     * the ladder again, before or after a restart; the incident's next episode has a ladder of its own.
     */
    @Test
    void aLadderClimbedToTheEndIsNotStartedAgainWithinItsEpisode() {
        FileOutbox outbox = FileOutbox.open(dir, JsonMapper.builder().build());
        Escalator escalator = escalator(outbox);
        escalator.track(alert("inc-5"));
        clock.advance(AFTER);
        escalator.fireDue();
        assertThat(escalations).containsExactly("management [sms, voice, email]");

        escalator.track(alert("inc-5"));
        clock.advance(AFTER);
        escalator.fireDue();
        dispatcher.close();
        Escalator restarted = escalator(FileOutbox.open(dir, JsonMapper.builder().build()));
        restarted.track(alert("inc-5"));
        clock.advance(AFTER);
        restarted.fireDue();
        assertThat(escalations).as("escalated once in the episode").hasSize(1);

        restarted.track(alert("inc-5").inEpisode(1));
        clock.advance(AFTER);
        restarted.fireDue();
        assertThat(escalations).as("the next episode escalates").hasSize(2);
    }

    @Test
    void anAcknowledgedCriticalDoesNotEscalate() {
        FileOutbox outbox = FileOutbox.open(dir, JsonMapper.builder().build());
        Escalator escalator = escalator(outbox);
        escalator.track(alert("inc-2"));

        assertThat(escalator.acknowledge("inc-2")).isTrue();
        assertThat(escalator.acknowledge("inc-2")).as("second acknowledgement").isFalse();
        clock.advance(AFTER.plusMinutes(1));
        escalator.fireDue();

        assertThat(escalations).isEmpty();
    }

    @Test
    void aPendingEscalationSurvivesARestart() {
        escalator(FileOutbox.open(dir, JsonMapper.builder().build())).track(alert("inc-3"));
        dispatcher.close();

        Escalator restarted = escalator(FileOutbox.open(dir, JsonMapper.builder().build()));
        clock.advance(AFTER);
        restarted.fireDue();

        assertThat(escalations).containsExactly("management [sms, voice, email]");
    }

    private NotificationChannel recording(String name) {
        return new TestChannel(name, notification -> {
            sent.add(name + "@" + notification.audience());
            return new DeliveryOutcome.Delivered(1);
        });
    }

    static Alert alert(String incident) {
        return new Alert(new Source("e-" + incident, "AlertRaised", "c", Instant.EPOCH), Severity.CRITICAL,
                "BACKUP_AGE: db", "no backup for 26 h", null, "database", "run a backup", incident);
    }
}
