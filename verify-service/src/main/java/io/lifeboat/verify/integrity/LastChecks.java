package io.lifeboat.verify.integrity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The newest check of every copy (backup at location), for the sweep's schedule, REST and metrics. Thread-safe. */
public final class LastChecks {

    /** One copy's newest check. */
    public record Check(CopyReport report, Instant at) {
    }

    private final Map<String, Check> byCopy = new ConcurrentHashMap<>();

    public void record(CopyReport report, Instant at) {
        byCopy.put(copyId(report.backupId(), report.location()), new Check(report, at));
    }

    public Optional<Check> of(String backupId, String location) {
        return Optional.ofNullable(byCopy.get(copyId(backupId, location)));
    }

    public Collection<Check> all() {
        return List.copyOf(byCopy.values());
    }

    /** The newest check at {@code location}, of any backup. */
    public Optional<Check> newestAt(String location) {
        return byCopy.values().stream().filter(c -> c.report().location().equals(location))
                .max(java.util.Comparator.comparing(Check::at));
    }

    private static String copyId(String backupId, String location) {
        return backupId + "@" + location;
    }
}
