package io.lifeboat.restore.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineHistoryTest {

    private static final long SEGMENT = 16L * 1024 * 1024;

    /** What PostgreSQL writes to 00000003.history after two promotions. */
    private static final String THIRD = "1\t0/3000000\tno recovery target specified\n"
            + "\n"
            + "2\t0/5000158\tbefore 2026-11-29 14:00:00+00\n";

    @TempDir
    Path staged;

    @Test
    void aTimelineAskedForIsFollowedFromTheBaseBackupsWhenItDescendsFromIt() throws Exception {
        Files.writeString(staged.resolve("00000003.history"), THIRD);
        Files.writeString(staged.resolve("00000004.history"), "1\t0/3000000\tno recovery target specified\n");

        assertThat(WalStager.pathTo(3, 1, staged)).isEqualTo(TimelineHistory.parse(3, THIRD));
        assertThat(WalStager.pathTo(3, 2, staged).newest()).isEqualTo(3);
        assertThat(WalStager.pathTo(1, 1, staged)).isEqualTo(TimelineHistory.single(1));
        assertThatThrownBy(() -> WalStager.pathTo(1, 2, staged)).hasMessage("timeline 1 is older than timeline 2"
                + " of the base backup, which cannot be recovered onto it");
        assertThatThrownBy(() -> WalStager.pathTo(5, 1, staged)).hasMessage("timeline 5 is not in the wal archive"
                + " (no intact copy of 00000005.history)");
        assertThatThrownBy(() -> WalStager.pathTo(4, 2, staged)).hasMessage("timeline 4 does not descend from"
                + " timeline 2 of the base backup (00000004.history)");
    }

    @Test
    void eachSegmentComesFromTheNewestTimelineThatHadBegunByItsLastByte() {
        TimelineHistory history = TimelineHistory.parse(3, THIRD);

        assertThat(history.newest()).isEqualTo(3);
        assertThat(history.timelineOf(1, SEGMENT)).isEqualTo(1);
        assertThat(history.timelineOf(2, SEGMENT)).isEqualTo(1);
        // the switch at 0/3000000 is this segment's first byte: timeline 2 holds it
        assertThat(history.timelineOf(3, SEGMENT)).isEqualTo(2);
        assertThat(history.timelineOf(4, SEGMENT)).isEqualTo(2);
        // the switch at 0/5000158 is inside segment 5: timeline 3's file has the part before it too
        assertThat(history.timelineOf(5, SEGMENT)).isEqualTo(3);
        assertThat(history.timelineOf(9, SEGMENT)).isEqualTo(3);
    }

    @Test
    void aClusterThatNeverSwitchedStaysOnItsTimeline() {
        assertThat(TimelineHistory.single(1).timelineOf(42, SEGMENT)).isEqualTo(1);
    }

    @Test
    void aLineThatIsNotTimelineLsnReasonIsNamed() {
        assertThatThrownBy(() -> TimelineHistory.parse(2, "1\tnot-an-lsn\treason\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1\tnot-an-lsn\treason'");
    }
}
