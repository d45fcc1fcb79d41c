package io.lifeboat.notify.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import io.lifeboat.notify.routing.Routing.Target;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing against the real config/policy.yml (9.2: internal-team slack+phone, management phone+email, ...). */
class RoutingTest {

    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));
    private static final Map<String, String> FALLBACKS = Map.of("slack", "email", "sms", "email", "voice", "sms");

    /** Every channel configured for every stakeholder. */
    private final Routing everything = new Routing(POLICY.communication(), List.of("webhook", "pagerduty"),
            (channel, audience) -> true, FALLBACKS);

    @Test
    void criticalGoesToBroadcastChannelsAndTheFirstStakeholderOfTheLadderAtOnce() {
        assertThat(everything.immediate(alert(Severity.CRITICAL, false))).containsExactly(
                new Target("webhook", Notification.EVERYONE), new Target("pagerduty", Notification.EVERYONE),
                new Target("slack", "internal-team"), new Target("sms", "internal-team"),
                new Target("voice", "internal-team"));
    }

    @Test
    void unacknowledgedCriticalEscalatesToManagementByPhoneAndEmailThenTheLadderEnds() {
        Alert critical = alert(Severity.CRITICAL, false);

        Routing.Escalation step = everything.escalation(critical, 1).orElseThrow();
        assertThat(step.stakeholder()).isEqualTo("management");
        assertThat(step.targets()).containsExactly(new Target("sms", "management"),
                new Target("voice", "management"), new Target("email", "management"));
        assertThat(everything.escalation(critical, 2)).isEmpty();
        assertThat(everything.escalation(alert(Severity.WARNING, false), 1)).isEmpty();
    }

    @Test
    void warningReachesTheInternalTeamWithoutAVoiceCall() {
        assertThat(everything.immediate(alert(Severity.WARNING, false))).containsExactly(
                new Target("webhook", Notification.EVERYONE), new Target("pagerduty", Notification.EVERYONE),
                new Target("slack", "internal-team"), new Target("sms", "internal-team"));
    }

    @Test
    void aResolutionOnlyGoesToChannelsThatTrackIncidents() {
        assertThat(everything.immediate(alert(Severity.CRITICAL, true)))
                .containsExactly(new Target("pagerduty", Notification.EVERYONE),
                        new Target("status-page", "customers"));
    }

    @Test
    void unconfiguredChannelsFallBackAndAreReportedOnce() {
        Set<String> configured = Set.of("webhook", "email");
        Routing onlyEmail = new Routing(POLICY.communication(), List.of("webhook"),
                (channel, audience) -> configured.contains(channel), FALLBACKS);

        assertThat(onlyEmail.immediate(alert(Severity.CRITICAL, false))).containsExactly(
                new Target("webhook", Notification.EVERYONE), new Target("email", "internal-team"));
        assertThat(onlyEmail.warnings()).filteredOn(w -> w.contains("'internal-team'") && w.contains("'slack'"))
                .singleElement().satisfies(w -> assertThat(w).contains("'email' is used instead"));
        assertThat(onlyEmail.warnings()).filteredOn(w -> w.contains("'customers'") && w.contains("'status-page'"))
                .singleElement().satisfies(w -> assertThat(w).contains("nothing replaces it"));
    }

    @Test
    void theFallbackOfAChannelMustReachTheStakeholder() {
        Routing noEmailForTeam = new Routing(POLICY.communication(), List.of("webhook"),
                (channel, audience) -> !(channel.equals("email") && audience.equals("internal-team")), FALLBACKS);

        assertThat(noEmailForTeam.fallback("slack", "internal-team")).isEmpty();
        assertThat(noEmailForTeam.fallback("sms", "management")).contains(new Target("email", "management"));
    }

    static Alert alert(Severity severity, boolean resolution) {
        return new Alert(new Source("e-1", "AlertRaised", "c-1", Instant.EPOCH), severity, "BACKUP_AGE: db",
                "no backup for 26 h", null, "database", "run a backup", "BACKUP_AGE:db", resolution);
    }
}
