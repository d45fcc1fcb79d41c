package io.lifeboat.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.ServiceProperties;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledRunsTest {

    @TempDir
    Path temp;

    @Test
    void leasesOfSlotsBeforeTheCutOffArePrunedAndOthersKept() throws Exception {
        BackupProperties properties = new BackupProperties(
                new BackupProperties.Database("127.0.0.1", 5432, "db", "u", null, null),
                List.of(new StorageLocation("primary", StorageTier.PRIMARY, temp.toUri().toString())),
                false, null, Duration.ofHours(6), new BackupProperties.Retry(1, Duration.ofMinutes(1)),
                Duration.ofMinutes(1), null, "0 30 1 * * *",
                ObjectWriter.DEFAULT_COMPRESSION_LEVEL);
        try (Locations locations = new Locations(properties)) {
            ScheduledRuns runs = new ScheduledRuns(locations, new ServiceProperties("i-1", "POL-ISMS-008@1.0"));
            Instant now = Instant.parse("2026-11-29T01:30:00Z");
            assertThat(runs.claim("database-full", now.minus(Duration.ofDays(10)))).isTrue();
            assertThat(runs.claim("retention", now.minus(Duration.ofDays(8)))).isTrue();
            assertThat(runs.claim("database-full", now.minus(Duration.ofDays(1)))).isTrue();
            assertThat(runs.claim("retention", now)).isTrue();
            locations.primary().storage().put("locks/schedule/retention/README",
                    new ByteArrayInputStream("not a lease".getBytes()));

            int removed = runs.pruneLeases(now.minus(Duration.ofDays(7)));

            assertThat(removed).isEqualTo(2);
            assertThat(locations.primary().storage().list(ScheduledRuns.LEASES)).containsExactly(
                    ScheduledRuns.leaseKey("database-full", now.minus(Duration.ofDays(1))),
                    ScheduledRuns.leaseKey("retention", now),
                    "locks/schedule/retention/README");
            assertThat(runs.claim("database-full", now.minus(Duration.ofDays(1))))
                    .as("a kept lease still guards its slot").isFalse();
        }
    }
}
