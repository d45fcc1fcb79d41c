package io.lifeboat.backup.copy;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Removes, at every location, what writes interrupted by a killed process or a lost connection left behind and no
 * reader ever sees (temporary files of the filesystem driver, incomplete S3 multipart uploads, which are billed):
 * those started more than {@link #age()} ago, twice the longest a dump may run and at least a day, so no write
 * still in progress is touched. A location that cannot be cleaned now is tried again next time.
 */
@Component
public class AbandonedWrites {

    static final Duration MINIMUM_AGE = Duration.ofDays(1);
    private static final Logger log = LoggerFactory.getLogger(AbandonedWrites.class);

    private final Locations locations;
    private final Duration age;

    public AbandonedWrites(Locations locations, BackupProperties properties) {
        this.locations = locations;
        Duration twiceTheLongestDump = properties.dumpTimeout().multipliedBy(2);
        this.age = twiceTheLongestDump.compareTo(MINIMUM_AGE) > 0 ? twiceTheLongestDump : MINIMUM_AGE;
    }

    /** How old an unfinished write must be to be removed. */
    public Duration age() {
        return age;
    }

    /** Cleans every location as of {@code now}; returns how many leftovers were removed in all. */
    public int remove(Instant now) {
        int removed = 0;
        for (Locations.Opened location : locations.all()) {
            try {
                int here = location.storage().removeAbandonedWrites(now.minus(age));
                if (here > 0) {
                    log.info("removed {} leftovers of interrupted writes at '{}'", here, location.name());
                }
                removed += here;
            } catch (StorageException e) {
                log.warn("leftovers of interrupted writes at '{}' stay until the next run: {}", location.name(),
                        e.getMessage());
            }
        }
        return removed;
    }
}
