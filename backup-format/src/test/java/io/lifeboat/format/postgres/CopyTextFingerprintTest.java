package io.lifeboat.format.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.manifest.TableFingerprint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyTextFingerprintTest {

    private static final String ROWS = "1\tAcme Voice\t2025-01-01 00:00:00+00\n"
            + "2\tGlobex \\\\ WhatsApp\\tagents\t\\N\n"
            + "3\tünïcødé 😀\t2025-06-30 23:59:59.123456+00\n"
            + "\n"
            + "12345678\t\t\n";

    @Test
    void countsRowsAndPinsTheDefinitionOfTheHash() {
        // the values are part of the repository format (manifests written today must verify tomorrow); they were
        // computed by a separate implementation of the definition in the class comment, not by this class
        assertThat(fingerprint("")).isEqualTo(new TableFingerprint(0, "0000000000000000"));
        assertThat(fingerprint(ROWS).rows()).isEqualTo(5);
        assertThat(fingerprint("a\n")).isEqualTo(fingerprint("a\n"));
        assertThat(fingerprint("a\n").contentHash()).isEqualTo(PINNED_A);
        assertThat(fingerprint(ROWS).contentHash()).isEqualTo(PINNED_ROWS);
    }

    private static final String PINNED_A = "55831c136c16b407";
    private static final String PINNED_ROWS = "49ab50db098e26f0";

    @Test
    void rowOrderDoesNotMatter() {
        List<String> rows = new ArrayList<>(List.of(ROWS.split("(?<=\n)")));
        Collections.shuffle(rows, new Random(3));

        assertThat(fingerprint(String.join("", rows))).isEqualTo(fingerprint(ROWS));
    }

    @Test
    void howTheBytesArriveDoesNotMatter() {
        byte[] data = ROWS.getBytes(StandardCharsets.UTF_8);
        TableFingerprint whole = fingerprint(ROWS);
        for (int split = 0; split <= data.length; split++) {
            for (int step : new int[] {1, 3, 8, 13}) {
                CopyTextFingerprint f = new CopyTextFingerprint();
                f.update(data, 0, split);
                for (int i = split; i < data.length; i += step) {
                    f.update(data, i, Math.min(step, data.length - i));
                }
                assertThat(f.result()).as("split at %d then steps of %d", split, step).isEqualTo(whole);
            }
        }
    }

    @Test
    void anyChangedByteOrMovedValueChangesTheHash() {
        TableFingerprint original = fingerprint(ROWS);
        byte[] data = ROWS.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                continue;
            }
            byte[] altered = data.clone();
            altered[i] ^= 0x01;
            if (altered[i] == '\n') {
                continue;
            }
            assertThat(fingerprint(altered))
                    .as("byte %d altered", i).isNotEqualTo(original);
        }
        // the same values in the same columns, but swapped between two rows
        assertThat(fingerprint("1\tb\n2\ta\n")).isNotEqualTo(fingerprint("1\ta\n2\tb\n"));
        assertThat(fingerprint("1\ta\n1\ta\n")).isNotEqualTo(fingerprint("1\ta\n"));
    }

    @Test
    void copysEndMarkerAndWhatFollowsAreNotRows() {
        assertThat(fingerprint(ROWS + "\\.\n\n\n")).isEqualTo(fingerprint(ROWS));
        // a value that is a backslash and a dot is escaped, so it is a row
        assertThat(fingerprint("\\\\.\n").rows()).isEqualTo(1);
    }

    @Test
    void dataEndingInsideARowIsRefused() {
        CopyTextFingerprint f = new CopyTextFingerprint();
        byte[] data = "1\tcut sho".getBytes(StandardCharsets.UTF_8);
        f.update(data, 0, data.length);

        assertThat(f.atRowBoundary()).isFalse();
        assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ends inside a row");
    }

    private static TableFingerprint fingerprint(String text) {
        return fingerprint(text.getBytes(StandardCharsets.UTF_8));
    }

    private static TableFingerprint fingerprint(byte[] data) {
        CopyTextFingerprint f = new CopyTextFingerprint();
        f.update(data, 0, data.length);
        return f.result();
    }
}
