package io.lifeboat.format.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.policy.Policy.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The project's policy file mirrors POL-ISMS-008, and every bad value is refused naming its key. */
class PolicyFileTest {

    static final Path POLICY = Path.of("..", "config", "policy.yml");

    @Test
    void theProjectPolicyMirrorsTheDocument() {
        Policy policy = PolicyFile.load(POLICY);

        assertThat(policy.policyId()).isEqualTo("POL-ISMS-008@1.0");
        assertThat(policy.objectives().rpo()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.objectives().rto()).isEqualTo(Duration.ofHours(4));
        assertThat(policy.rtoOf("database")).isEqualTo(Duration.ofHours(1));
        assertThat(policy.rtoOf("reporting")).isEqualTo(Duration.ofHours(4));
        assertThat(policy.rtoOf("analytics")).isEqualTo(Duration.ofHours(8));
        assertThat(policy.rtoOf("configuration")).as("not in 3.2: the overall RTO of 3.1")
                .isEqualTo(Duration.ofHours(4));
        assertThat(policy.schedule().get("database-full").cron()).contains("0 0 2 * * *");
        assertThat(policy.schedule().get("database-full").retention()).isEqualTo(Duration.ofDays(30));
        assertThat(policy.schedule().get("database-wal").trigger()).isEqualTo(Trigger.CONTINUOUS);
        assertThat(policy.schedule().get("secrets").retention()).isEqualTo(Duration.ofDays(90));
        assertThat(policy.storage().tiers()).extracting(Policy.TierRequirement::tier)
                .containsExactly("PRIMARY", "SECONDARY", "COLD");
        assertThat(policy.monitoring().backupAge().duration()).contains(Duration.ofHours(25));
        assertThat(policy.monitoring().sizeAnomaly().percent()).contains(20.0);
        assertThat(policy.monitoring().storageCapacity().percent()).contains(80.0);
        assertThat(policy.monitoring().backupFailure().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(policy.testing().dailyByteBudget()).isEqualTo(500L << 30);
        assertThat(policy.disasterRecovery().phases()).extracting(Policy.Phase::endsAfter)
                .containsExactly(Duration.ofMinutes(30), Duration.ofMinutes(120), Duration.ofMinutes(240));
        assertThat(policy.scenario("database-failure")).get()
                .satisfies(s -> assertThat(s.approach()).isEqualTo("full restore + WAL replay"));
        assertThat(policy.communication().stakeholders().get("management")).containsExactly("phone", "email");
        assertThat(policy.communication().routing().get(Severity.CRITICAL))
                .containsExactly("internal-team", "management");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'  rpo: 1h'|''|policy key 'objectives.rpo' is missing",
            "'  rpo: 1h'|'  rpo: an hour'|policy key 'objectives.rpo' must be a positive duration",
            "'  rpo: 1h'|'  rpo: 0h'|policy key 'objectives.rpo' must be a positive duration",
            "'threshold: 20%'|'threshold: 120%'|policy key 'monitoring.size-anomaly.threshold' must be a percentage",
            "'{tier: COLD, purpose: long-term retention}'|'{tier: TAPE, purpose: x}'|policy key 'storage.tiers[2].tier' must be one of",
            "'encryption: AES-256'|'encryption: none'|policy key 'storage.encryption' must be AES-256",
            "'cron: \"0 0 2 * * *\"'|'cron: \"0 2 * * *\"'|policy key 'schedule.database-full.cron' must be a six-field cron",
            "'trigger: cron, cron: \"0 0 * * * *\"'|'trigger: hourly, cron: \"0 0 * * * *\"'|policy key 'schedule.database-incremental.trigger' must be one of",
            "'WARNING:  [internal-team]'|'WARNING:  [night-shift]'|policy key 'communication.routing.WARNING' names stakeholder 'night-shift'",
            "'ends-after: 120m'|'ends-after: 20m'|policy key 'disaster-recovery.phases[1].ends-after' must be later"})
    void aWrongValueIsRefusedNamingItsKey(String original, String replacement, String message) throws IOException {
        String yaml = Files.readString(POLICY);
        assertThat(yaml).contains(original);
        String broken = yaml.replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(replacement));
        assertThatThrownBy(() -> PolicyFile.parse(broken, "test.yml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("(in test.yml)");
    }

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "45m, PT45M", "25h, PT25H", "7d, PT168H"})
    void durationsAreWrittenInSecondsMinutesHoursOrDays(String written, String expected) throws IOException {
        String yaml = Files.readString(POLICY).replace("escalate-unacknowledged-after: 15m",
                "escalate-unacknowledged-after: " + written);

        assertThat(PolicyFile.parse(yaml, "test.yml").communication().escalateUnacknowledgedAfter())
                .isEqualTo(Duration.parse(expected));
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> PolicyFile.load(Path.of("no-such-policy.yml")))
                .isInstanceOf(PolicyException.class).hasMessageContaining("'no-such-policy.yml' does not exist");
    }

    @Test
    void everyScheduledDataTypeHasARetention() {
        List<Policy.ScheduleEntry> entries = List.copyOf(PolicyFile.load(POLICY).schedule().values());
        assertThat(entries).hasSize(6).allSatisfy(e -> assertThat(e.retention()).isPositive());
    }
}
