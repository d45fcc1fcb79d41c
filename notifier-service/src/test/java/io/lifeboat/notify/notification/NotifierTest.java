package io.lifeboat.notify.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifierTest {

    private static final Alert ALERT = new Alert(
            new Source("3f0c2b1e-0000-4000-8000-000000000001", "AlertRaised", "corr-1",
                    Instant.parse("2025-01-02T03:04:05Z")),
            Severity.CRITICAL, "BACKUP_AGE: prosaas", "no backup for 26 h", new Measurement("26 h", "25 h"),
            "prosaas", "run the backup");

    @Test
    void notificationIdIsDerivedFromSourceEventAndChannel() {
        Notification webhook = Notification.of(ALERT, "webhook");

        assertThat(Notification.of(ALERT, "webhook").id()).isEqualTo(webhook.id());
        assertThat(Notification.of(ALERT, "email").id()).isNotEqualTo(webhook.id());
        assertThat(Notification.idFor("another-event", "webhook")).isNotEqualTo(webhook.id());
        assertThat(webhook.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void everyChannelGetsItsOwnNotificationAndEveryOutcomeIsReported() {
        List<String> reported = new ArrayList<>();
        NotificationChannel ok = channel("webhook", new DeliveryOutcome.Delivered(1));
        NotificationChannel down = channel("email", new DeliveryOutcome.Failed(3, false, "HTTP 503"));
        Notifier notifier = new Notifier(List.of(ok, down),
                (n, outcome) -> reported.add(n.channel() + "/" + n.id() + "/" + outcome));

        notifier.dispatch(ALERT);

        assertThat(reported).containsExactly(
                "webhook/" + Notification.idFor(ALERT.source().eventId(), "webhook") + "/Delivered[attempts=1]",
                "email/" + Notification.idFor(ALERT.source().eventId(), "email")
                        + "/Failed[attempts=3, permanent=false, reason=HTTP 503]");
    }

    @Test
    void channelNamesMustBeUniqueBecauseTheyArePartOfTheId() {
        assertThatThrownBy(() -> new Notifier(List.of(channel("webhook", null), channel("webhook", null)),
                (n, o) -> { }))
                .hasMessageContaining("'webhook'");
    }

    private static NotificationChannel channel(String name, DeliveryOutcome outcome) {
        return new NotificationChannel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DeliveryOutcome deliver(Notification notification) {
                assertThat(notification.channel()).isEqualTo(name);
                return outcome;
            }
        };
    }
}
