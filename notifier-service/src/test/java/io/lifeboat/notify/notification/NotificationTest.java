package io.lifeboat.notify.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final Alert ALERT = new Alert(new Source("e-1", "AlertRaised", "c-1", Instant.EPOCH),
            Severity.CRITICAL, "t", "w", null, "s", "r", "BACKUP_AGE:db");

    @Test
    void theIdDependsOnIncidentChannelAndStakeholderOnly() {
        Notification webhook = Notification.of(ALERT, "webhook");

        assertThat(webhook.id()).isEqualTo(Notification.idFor("BACKUP_AGE:db", "webhook"));
        assertThat(Notification.of(ALERT, "email", "management").id())
                .isEqualTo(Notification.idFor("BACKUP_AGE:db", "email@management"))
                .isNotEqualTo(Notification.of(ALERT, "email", "partners").id());
        assertThat(webhook.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void aResolutionIsANotificationOfItsOwn() {
        Alert resolved = new Alert(ALERT.source(), Severity.INFO, "t", "w", null, "s", "r", "BACKUP_AGE:db", true);

        assertThat(Notification.of(resolved, "pagerduty").id())
                .isNotEqualTo(Notification.of(ALERT, "pagerduty").id())
                .isEqualTo(Notification.idFor("BACKUP_AGE:db#resolved", "pagerduty"));
    }
}
