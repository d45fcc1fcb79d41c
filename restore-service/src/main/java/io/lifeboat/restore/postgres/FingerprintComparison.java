package io.lifeboat.restore.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares restored tables with the fingerprints a backup's manifest recorded. */
public final class FingerprintComparison {

    /** One table that did not come back as it was: its name and what differs. */
    public record Mismatch(String table, String problem) {
        @Override
        public String toString() {
            return "table " + table + " " + problem;
        }
    }

    private FingerprintComparison() {
    }

    /** Every difference; empty when each expected table is there with the same rows and content, and no other. */
    public static List<Mismatch> compare(Map<String, TableFingerprint> expected,
                                         Map<String, TableFingerprint> actual) {
        List<Mismatch> mismatches = new ArrayList<>();
        expected.forEach((table, fp) -> {
            TableFingerprint got = actual.get(table);
            if (got == null) {
                mismatches.add(new Mismatch(table, "is missing"));
            } else if (got.rows() != fp.rows()) {
                mismatches.add(new Mismatch(table, "has " + got.rows() + " rows, expected " + fp.rows()));
            } else if (!got.contentHash().equals(fp.contentHash())) {
                mismatches.add(new Mismatch(table, "content differs"));
            }
        });
        actual.keySet().stream().filter(t -> !expected.containsKey(t)).sorted()
                .forEach(t -> mismatches.add(new Mismatch(t, "is not in the backup")));
        return mismatches;
    }
}
