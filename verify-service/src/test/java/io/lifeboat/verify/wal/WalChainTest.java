package io.lifeboat.verify.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.wal.WalSegmentName;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WalChainTest {

    private static final long SIZE = WalSegmentName.DEFAULT_SEGMENT_SIZE;

    record Archive(List<String> segmentNames, Set<Long> timelinesWithHistory) implements WalArchive {
    }

    @Test
    void aContinuousChainPassesAndNamesItsNewestSegment() {
        WalChain.Result result = WalChain.check(new Archive(List.of("0000000100000000000000FE",
                "0000000100000000000000FF", "000000010000000100000000"), Set.of()),
                Optional.of(WalSegmentName.parse("0000000100000000000000FE")), SIZE);
        assertThat(result.continuous()).isTrue();
        assertThat(result.newest()).contains("000000010000000100000000");
        assertThat(result.segments()).isEqualTo(3);
    }

    @Test
    void everyMissingSegmentIsNamed() {
        WalChain.Result result = WalChain.check(new Archive(List.of("000000010000000000000001",
                "000000010000000000000004"), Set.of()), Optional.empty(), SIZE);
        assertThat(result.problems()).extracting(WalChain.Problem::segment)
                .containsExactly("000000010000000000000002", "000000010000000000000003");
        assertThat(result.problems()).extracting(WalChain.Problem::kind)
                .containsOnly(WalChain.Kind.MISSING_SEGMENT);
    }

    @Test
    void theBaseBackupsStartSegmentMustBeThere() {
        WalChain.Result result = WalChain.check(new Archive(List.of("000000010000000000000006"), Set.of()),
                Optional.of(WalSegmentName.parse("000000010000000000000005")), SIZE);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(WalChain.Kind.MISSING_START);
            assertThat(p.segment()).isEqualTo("000000010000000000000005");
        });
    }

    @Test
    void aStartNewerThanEveryStoredSegmentIsMissingNotAnEmptyChain() {
        WalChain.Result result = WalChain.check(new Archive(List.of("000000010000000000000003",
                "000000010000000000000004"), Set.of()),
                Optional.of(WalSegmentName.parse("000000010000000000000009")), SIZE);
        assertThat(result.continuous()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(WalChain.Kind.MISSING_START);
            assertThat(p.segment()).isEqualTo("000000010000000000000009");
            assertThat(p.detail()).contains("'000000010000000000000009'", "not stored");
        });
        assertThat(result.newest()).isEmpty();
    }

    @Test
    void aTimelineSwitchNeedsItsHistoryFile() {
        List<String> segments = List.of("000000010000000000000001", "000000010000000000000002",
                "000000020000000000000002", "000000020000000000000003");
        assertThat(WalChain.check(new Archive(segments, Set.of(2L)), Optional.empty(), SIZE).continuous())
                .isTrue();
        WalChain.Result noHistory = WalChain.check(new Archive(segments, Set.of()), Optional.empty(), SIZE);
        assertThat(noHistory.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(WalChain.Kind.MISSING_HISTORY);
            assertThat(p.segment()).isEqualTo("00000002.history");
        });
        assertThat(noHistory.newest()).contains("000000020000000000000003");
    }

    @Test
    void theChainDoesNotGoBackToAnOlderTimeline() {
        WalChain.Result result = WalChain.check(new Archive(List.of("000000010000000000000001",
                "000000020000000000000002", "000000010000000000000003"), Set.of(2L)), Optional.empty(), SIZE);
        assertThat(result.problems()).singleElement()
                .satisfies(p -> assertThat(p.segment()).isEqualTo("000000020000000000000003"));
    }
}
