package io.lifeboat.backup.retention;

import io.lifeboat.format.policy.Policy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The retention of each data type, from the policy's schedule (4.1). */
public final class RetentionPeriods {

    /** Which schedule entries of the policy decide each data type's retention (the longest wins). */
    private static final Map<String, List<String>> SCHEDULE_OF = Map.of(
            "DATABASE_DUMP", List.of("database-full"),
            "DATABASE_BASE", List.of("database-full"),
            "WAL", List.of("database-incremental", "database-wal"),
            "CONFIGURATION", List.of("configuration"),
            "SECRETS", List.of("secrets"),
            "MEDIA", List.of("call-recordings"));

    private RetentionPeriods() {
    }

    public static Map<String, Duration> from(Policy policy) {
        Map<String, Duration> periods = new LinkedHashMap<>();
        SCHEDULE_OF.forEach((dataType, entries) -> entries.stream()
                .map(policy.schedule()::get)
                .filter(java.util.Objects::nonNull)
                .map(Policy.ScheduleEntry::retention)
                .max(Duration::compareTo)
                .ifPresent(d -> periods.put(dataType, d)));
        return periods;
    }
}
