package io.lifeboat.restore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintComparisonTest {

    @Test
    void everyDifferenceNamesItsTable() {
        Map<String, TableFingerprint> expected = Map.of("public.a", new TableFingerprint(2, "10"),
                "public.b", new TableFingerprint(3, "20"), "public.c", new TableFingerprint(1, "30"));
        Map<String, TableFingerprint> actual = Map.of("public.a", new TableFingerprint(2, "10"),
                "public.b", new TableFingerprint(3, "21"), "public.d", new TableFingerprint(0, "0"));
        FingerprintComparison.Result result = FingerprintComparison.compare(expected,
                new RestoredTables(actual, Map.of()));
        assertThat(result.mismatches()).extracting(Object::toString)
                .containsExactlyInAnyOrder("table public.b content differs", "table public.c is missing",
                        "table public.d is not in the backup");
        assertThat(result.matches()).isFalse();
        assertThat(FingerprintComparison.compare(expected, new RestoredTables(expected, Map.of())).matches())
                .isTrue();
    }

    // three rows, hashes 0x100, 0x200, 0x400: in the backup p0 = {r1, r2}, p1 = {r3}
    private static final Map<String, TableFingerprint> BACKUP = Map.of(
            "public.p0", fp(2, 0x300), "public.p1", fp(1, 0x400), "public.other", fp(5, 0x55));
    private static final Map<String, String> TREE = Map.of("public.p0", "public.parent", "public.p1",
            "public.parent");

    @Test
    void partitionsOfATreeThatHoldsTheBackupsRowsInOtherPartitionsMatchAsTheTree() {
        // restored, r2 was routed to p1
        RestoredTables restored = new RestoredTables(Map.of("public.p0", fp(1, 0x100), "public.p1", fp(2, 0x600),
                "public.other", fp(5, 0x55)), TREE);

        FingerprintComparison.Result result = FingerprintComparison.compare(BACKUP, restored);

        assertThat(result.matches()).isTrue();
        assertThat(result.reroutedTrees()).containsExactly("partition tree public.parent (2 partitions, 3 rows)"
                + " matches as a whole, its rows routed to other partitions than in the backup");
        assertThat(FingerprintComparison.compare(BACKUP, new RestoredTables(restored.fingerprints(), Map.of()))
                .mismatches()).as("the same fingerprints outside a partition tree").hasSize(2);
    }

    @Test
    void aTreeThatLostOrAlteredARowOrAPartitionStillDiffersPartitionByPartition() {
        RestoredTables lost = new RestoredTables(Map.of("public.p0", fp(1, 0x100), "public.p1", fp(1, 0x400),
                "public.other", fp(5, 0x55)), TREE);
        RestoredTables altered = new RestoredTables(Map.of("public.p0", fp(1, 0x100), "public.p1", fp(2, 0x601),
                "public.other", fp(5, 0x55)), TREE);
        RestoredTables partitionGone = new RestoredTables(Map.of("public.p0", fp(3, 0x700),
                "public.other", fp(5, 0x55)), Map.of("public.p0", "public.parent"));

        assertThat(FingerprintComparison.compare(BACKUP, lost).mismatches()).extracting(Object::toString)
                .containsExactly("table public.p0 has 1 rows, expected 2");
        assertThat(FingerprintComparison.compare(BACKUP, altered).mismatches()).extracting(Object::toString)
                .containsExactlyInAnyOrder("table public.p0 has 1 rows, expected 2",
                        "table public.p1 has 2 rows, expected 1");
        FingerprintComparison.Result gone = FingerprintComparison.compare(BACKUP, partitionGone);
        assertThat(gone.mismatches()).extracting(Object::toString)
                .containsExactlyInAnyOrder("table public.p0 has 3 rows, expected 2", "table public.p1 is missing");
        assertThat(gone.reroutedTrees()).isEmpty();
    }

    private static TableFingerprint fp(long rows, long hash) {
        return TableFingerprints.combine(List.of(new TableFingerprint(rows, HexFormat.of().toHexDigits(hash))));
    }
}
