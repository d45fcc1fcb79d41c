package io.lifeboat.verify.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.policy.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenAlertsTest {

    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    private static final Alert ALERT = new Alert("RPO:database", "RPO", Severity.CRITICAL, "database", "late",
            "1h00m01s", "at most 1h", "runbook");

    @Test
    void anOpenAlertIsOpenedOnceAndClosedOnce() {
        OpenAlerts alerts = new OpenAlerts();
        assertThat(alerts.open(ALERT, T)).isTrue();
        assertThat(alerts.open(ALERT, T.plusSeconds(60))).isFalse();
        assertThat(alerts.close(ALERT.alertId(), T.plusSeconds(120))).contains(ALERT);
        assertThat(alerts.close(ALERT.alertId(), T.plusSeconds(180))).isEmpty();
    }

    @Test
    void aReplayOlderThanWhatIsKnownIsIgnoredWhateverTheOrderOfTheTopics() {
        OpenAlerts alerts = new OpenAlerts();
        alerts.replayResolved(ALERT.alertId(), T.plusSeconds(60));
        alerts.replayRaised(ALERT, T);
        assertThat(alerts.isOpen(ALERT.alertId())).isFalse();

        OpenAlerts live = new OpenAlerts();
        live.open(ALERT, T);
        live.close(ALERT.alertId(), T.plusSeconds(60));
        live.replayRaised(ALERT, T);
        assertThat(live.isOpen(ALERT.alertId())).isFalse();
    }

    @Test
    void aReplayedRaiseWithoutResolutionKeepsTheAlertOpenSoItIsNotRaisedAgain() {
        OpenAlerts alerts = new OpenAlerts();
        alerts.replayRaised(ALERT, T);
        assertThat(alerts.open(ALERT, T.plusSeconds(60))).isFalse();
        assertThat(alerts.close(ALERT.alertId(), T.plusSeconds(120))).isPresent();
    }
}
