package io.lifeboat.restore.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.restore.pitr.RecoveryTarget.Kind;
import org.junit.jupiter.api.Test;

class RecoveryTargetTest {

    @Test
    void eachKindBecomesPostgresRecoverySettingsThatPromote() {
        assertThat(RecoveryTarget.latest().settings()).isEmpty();
        assertThat(new RecoveryTarget(Kind.TIME, "2026-11-29T12:02:50.718449Z").settings()).containsExactly(
                "recovery_target_time = '2026-11-29 12:02:50.718449+00'", "recovery_target_action = 'promote'");
        assertThat(new RecoveryTarget(Kind.LSN, "0/3000028").settings())
                .startsWith("recovery_target_lsn = '0/3000028'");
        assertThat(new RecoveryTarget(Kind.NAME, "before-migration").settings())
                .startsWith("recovery_target_name = 'before-migration'");
    }

    @Test
    void theTimelineIsTheNewestsPathUnlessOneIsGiven() {
        assertThat(RecoveryTarget.latest().timelineSetting()).isEqualTo("recovery_target_timeline = 'latest'");
        RecoveryTarget onTwo = new RecoveryTarget(Kind.LSN, "0/3000028", 2L);
        assertThat(onTwo.timelineSetting()).isEqualTo("recovery_target_timeline = '2'");
        assertThat(onTwo).hasToString("lsn 0/3000028 on timeline 2");
        assertThat(new RecoveryTarget(Kind.LATEST, "", 1L)).hasToString("the latest archived point on timeline 1");
        assertThatThrownBy(() -> new RecoveryTarget(Kind.LATEST, "", 0L))
                .hasMessage("timeline 0 is outside [1, 4294967295]");
    }

    @Test
    void valuesThatCouldBreakTheConfigurationAreRefused() {
        assertThatThrownBy(() -> new RecoveryTarget(Kind.NAME, "x'; restore_command = 'rm"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain name");
        assertThatThrownBy(() -> new RecoveryTarget(Kind.LSN, "zz")).hasMessageContaining("lsn 'zz'");
        assertThatThrownBy(() -> new RecoveryTarget(Kind.TIME, "yesterday")).isInstanceOf(RuntimeException.class);
    }
}
