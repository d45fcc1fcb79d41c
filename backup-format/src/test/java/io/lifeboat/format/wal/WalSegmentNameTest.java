package io.lifeboat.format.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WalSegmentNameTest {

    @Test
    void namesRoundTripAndFollowEachOtherAcrossALogBoundary() {
        WalSegmentName last = WalSegmentName.parse("0000000100000000000000FF");
        assertThat(last.fileName()).isEqualTo("0000000100000000000000FF");
        WalSegmentName next = last.next();
        assertThat(next.fileName()).isEqualTo("000000010000000100000000");
        assertThat(last.isFollowedBy(next)).isTrue();
        assertThat(next.isFollowedBy(last)).isFalse();
        assertThat(last).isLessThan(next);
    }

    @Test
    void segmentOfAnLsn() {
        assertThat(WalSegmentName.ofLsn(1, "0/3000028", WalSegmentName.DEFAULT_SEGMENT_SIZE).fileName())
                .isEqualTo("000000010000000000000003");
        assertThat(WalSegmentName.ofLsn(2, "1/FF000000", WalSegmentName.DEFAULT_SEGMENT_SIZE).fileName())
                .isEqualTo("0000000200000001000000FF");
    }

    @Test
    void otherSegmentSizes() {
        WalSegmentName big = WalSegmentName.parse("000000010000000000000003", 1024L * 1024 * 1024);
        assertThat(big.next().fileName()).isEqualTo("000000010000000100000000");
        assertThatThrownBy(() -> WalSegmentName.parse("000000010000000000000004", 1024L * 1024 * 1024))
                .hasMessageContaining("'000000010000000000000004'");
    }

    @Test
    void onlyCompleteSegmentsAreSegmentFileNames() {
        assertThat(WalSegmentName.isSegmentFileName("000000010000000000000003")).isTrue();
        assertThat(WalSegmentName.isSegmentFileName("000000010000000000000003.partial")).isFalse();
        assertThat(WalSegmentName.isSegmentFileName("00000002.history")).isFalse();
        assertThatThrownBy(() -> WalSegmentName.parse("0000000100000000000000zz"))
                .hasMessage("invalid wal segment name '0000000100000000000000zz' (24 upper-case hex digits)");
    }

    @Test
    void backupIdCarriesTheSystemIdentifier() {
        assertThat(WalSegmentName.parse("000000010000000000000003").backupId("7312345678901234567"))
                .isEqualTo("000000010000000000000003-7312345678901234567");
    }
}
