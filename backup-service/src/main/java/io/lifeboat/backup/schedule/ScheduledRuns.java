package io.lifeboat.backup.schedule;

import io.lifeboat.backup.config.ServiceProperties;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Claims scheduled runs so that, of several running instances, exactly one takes each: a lease object
 * {@code locks/schedule/<schedule>/<slot>} created only if absent at the primary location (the storage every
 * instance shares). The instance whose create succeeds runs the slot; the others skip it.
 */
@Component
public class ScheduledRuns {

    static final String LEASES = "locks/schedule/";
    private static final Logger log = LoggerFactory.getLogger(ScheduledRuns.class);
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Locations locations;
    private final String instance;
    private final List<String> taken = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    public ScheduledRuns(Locations locations, ServiceProperties service) {
        this.locations = locations;
        this.instance = service.instance();
    }

    /** True if this instance takes the run of {@code schedule} at {@code slot}. */
    public boolean claim(String schedule, Instant slot) {
        String key = leaseKey(schedule, slot);
        boolean mine;
        try {
            mine = locations.primary().storage().putIfAbsent(key, new ByteArrayInputStream(
                    (instance + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (StorageException e) {
            log.warn("scheduled run '{}' is skipped: its lease cannot be written: {}", key, e.getMessage());
            return false;
        }
        synchronized (this) {
            (mine ? taken : skipped).add(key);
        }
        if (!mine) {
            log.info("scheduled run '{}' is taken by another instance", key);
        }
        return mine;
    }

    /**
     * The instance that claimed the run of {@code schedule} at {@code slot}, if one did and it was not this one.
     *
     * @throws StorageException if the lease cannot be read
     */
    public Optional<String> claimedByAnother(String schedule, Instant slot) {
        String key = leaseKey(schedule, slot);
        Storage storage = locations.primary().storage();
        if (!storage.exists(key)) {
            return Optional.empty();
        }
        String holder;
        try (InputStream in = storage.open(key)) {
            holder = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new StorageException(StorageException.Reason.UNAVAILABLE, "unable to read lease '" + key + "' in "
                    + storage.describe() + ": " + e.getMessage(), e);
        }
        return holder.equals(instance) ? Optional.empty() : Optional.of(holder);
    }

    /**
     * Removes leases of slots before {@code before}: a lease only has to outlive the moment several instances race
     * for its slot (catching up missed runs looks at the catalogue, not at leases). Returns how many were removed;
     * a lease whose name is not a slot is left alone.
     */
    public int pruneLeases(Instant before) {
        Storage storage = locations.primary().storage();
        int removed = 0;
        try {
            for (String key : storage.list(LEASES)) {
                Instant slot;
                try {
                    slot = SLOT.parse(key.substring(key.lastIndexOf('/') + 1), Instant::from);
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (slot.isBefore(before)) {
                    storage.delete(key);
                    removed++;
                }
            }
        } catch (StorageException e) {
            log.warn("old schedule leases stay until the next run: {}", e.getMessage());
        }
        return removed;
    }

    static String leaseKey(String schedule, Instant slot) {
        return LEASES + schedule + "/" + SLOT.format(slot);
    }

    /** Leases this instance created (for operators and tests). */
    public synchronized List<String> taken() {
        return List.copyOf(taken);
    }

    /** Leases another instance had created first. */
    public synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }
}
