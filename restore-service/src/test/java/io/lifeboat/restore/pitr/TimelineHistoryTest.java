package io.lifeboat.restore.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimelineHistoryTest {

    private static final long SEGMENT = 16L * 1024 * 1024;

    /** What PostgreSQL writes to 00000003.history after two promotions. */
    private static final String THIRD = "1\t0/3000000\tno recovery target specified\n"
            + "\n"
            + "2\t0/5000158\tbefore 2026-11-29 14:00:00+00\n";

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
