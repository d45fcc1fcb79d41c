package io.lifeboat.restore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.manifest.TableFingerprint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintComparisonTest {

    @Test
    void everyDifferenceNamesItsTable() {
        Map<String, TableFingerprint> expected = Map.of("public.a", new TableFingerprint(2, "10"),
                "public.b", new TableFingerprint(3, "20"), "public.c", new TableFingerprint(1, "30"));
        Map<String, TableFingerprint> actual = Map.of("public.a", new TableFingerprint(2, "10"),
                "public.b", new TableFingerprint(3, "21"), "public.d", new TableFingerprint(0, "0"));
        assertThat(FingerprintComparison.compare(expected, actual)).extracting(Object::toString)
                .containsExactlyInAnyOrder("table public.b content differs", "table public.c is missing",
                        "table public.d is not in the backup");
        assertThat(FingerprintComparison.compare(expected, expected)).isEmpty();
    }
}
