package io.lifeboat.restore.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares restored tables with the fingerprints a backup's manifest recorded, table by table. The partitions of one
 * partition tree that differ one by one are compared once more as a whole: if the tree holds exactly the rows of the
 * backup, they were only routed to other partitions than in the source (see {@link RestoredTables}), which loses
 * nothing, since PostgreSQL keeps every row in the one partition its key routes it to.
 */
public final class FingerprintComparison {

    /** One table that did not come back as it was: its name and what differs. */
    public record Mismatch(String table, String problem) {
        @Override
        public String toString() {
            return "table " + table + " " + problem;
        }
    }

    /**
     * What a comparison found: every difference (empty when each expected table is there with the same rows and
     * content, and no other), and the partition trees that match only as a whole, described.
     */
    public record Result(List<Mismatch> mismatches, List<String> reroutedTrees) {
        public Result {
            mismatches = List.copyOf(mismatches);
            reroutedTrees = List.copyOf(reroutedTrees);
        }

        public boolean matches() {
            return mismatches.isEmpty();
        }
    }

    private FingerprintComparison() {
    }

    public static Result compare(Map<String, TableFingerprint> expected, RestoredTables restored) {
        Map<String, TableFingerprint> actual = restored.fingerprints();
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
        List<String> rerouted = new ArrayList<>();
        Set<String> trees = new TreeSet<>();
        mismatches.forEach(m -> {
            String root = restored.partitionRoots().get(m.table());
            if (root != null) {
                trees.add(root);
            }
        });
        for (String root : trees) {
            Map<String, TableFingerprint> expectedLeaves = new TreeMap<>();
            Map<String, TableFingerprint> actualLeaves = new TreeMap<>();
            restored.partitionRoots().forEach((leaf, r) -> {
                if (r.equals(root)) {
                    expectedLeaves.put(leaf, expected.get(leaf));
                    actualLeaves.put(leaf, actual.get(leaf));
                }
            });
            if (expectedLeaves.containsValue(null) || actualLeaves.containsValue(null)) {
                continue; // a partition missing on one side: its own mismatch says so
            }
            TableFingerprint wanted = TableFingerprints.combine(List.copyOf(expectedLeaves.values()));
            TableFingerprint got = TableFingerprints.combine(List.copyOf(actualLeaves.values()));
            if (Objects.equals(wanted, got)) {
                mismatches.removeIf(m -> expectedLeaves.containsKey(m.table()));
                rerouted.add("partition tree " + root + " (" + expectedLeaves.size() + " partitions, "
                        + got.rows() + " rows) matches as a whole, its rows routed to other partitions than in"
                        + " the backup");
            }
        }
        return new Result(mismatches, rerouted);
    }
}
