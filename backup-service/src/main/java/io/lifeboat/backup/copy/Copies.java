package io.lifeboat.backup.copy;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Copies committed backups from the primary to every other location, and keeps retrying the copies that could not
 * land (every {@code lifeboat.backup.copy-retry-interval}) until they do, announcing each one that lands.
 */
@Component
public class Copies implements AutoCloseable {

    /** Whether one location's copy landed now. */
    public enum Landed {
        STORED, PENDING
    }

    private static final Logger log = LoggerFactory.getLogger(Copies.class);

    private final Locations locations;
    private final CopyReporter reporter;
    private final ManifestStore manifests;
    private final Duration interval;
    private final Map<PendingCopy, Integer> pending = new ConcurrentHashMap<>();
    /** Manifests at the primary not compared with the other locations yet; null until the primary was listed. */
    private List<String> toCompare;
    private boolean missingCopiesSought;
    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "copy-retrier");
        t.setDaemon(true);
        return t;
    });

    public Copies(Locations locations, CopyReporter reporter, BackupProperties properties,
                  MasterKeyProvider masterKeys) {
        this.locations = locations;
        this.reporter = reporter;
        this.manifests = new ManifestStore(masterKeys);
        this.interval = properties.copyRetryInterval();
        retrier.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The retrier's work: look for missing copies until every manifest was compared once, retry the pending. */
    private void round() {
        try {
            if (!missingCopiesSought) {
                missingCopiesSought = findMissingCopies();
            }
            retryPending();
        } catch (RuntimeException e) {
            // the retrier must survive anything: a scheduled task that throws is never run again
            log.error("copy retry round failed", e);
        }
    }

    /**
     * Pending copies live in memory; after a restart they are found again by comparing each location's manifests
     * with the primary's, so a copy that had not landed before the restart still lands (and is announced). A primary
     * that cannot be listed, or a manifest there that cannot be read, is tried again every retry interval until each
     * manifest was compared once.
     *
     * @return whether every manifest at the primary was compared
     */
    private boolean findMissingCopies() {
        Storage primary = locations.primary().storage();
        if (toCompare == null) {
            try {
                toCompare = primary.list(RepositoryLayout.BACKUPS_ROOT).stream()
                        .filter(RepositoryLayout::isManifestKey)
                        .collect(Collectors.toCollection(ArrayList::new));
            } catch (StorageException e) {
                log.warn("missing copies cannot be looked for now, trying again in {}: {}", interval,
                        e.getMessage());
                return false;
            }
        }
        toCompare.removeIf(key -> compared(primary, key));
        if (!toCompare.isEmpty()) {
            return false;
        }
        if (!pending.isEmpty()) {
            log.info("{} copies are missing at their locations; retrying them", pending.size());
        }
        return true;
    }

    /** Queues the copies of one manifest that other locations miss; false if it must be compared again later. */
    private boolean compared(Storage primary, String key) {
        String sha = null;
        for (Locations.Opened other : locations.others()) {
            boolean there;
            try {
                there = other.storage().exists(key);
            } catch (StorageException e) {
                there = false;
            }
            if (there) {
                continue;
            }
            if (sha == null) {
                try (InputStream in = primary.open(key)) {
                    sha = DigestingInputStream.drain(in).sha256();
                } catch (StorageException | IOException e) {
                    if (e instanceof StorageException s && s.reason() == StorageException.Reason.NOT_FOUND) {
                        return true; // removed since the listing (retention): nothing to copy
                    }
                    log.warn("manifest '{}' cannot be read to look for its missing copies; trying again in {}: {}",
                            key, interval, e.getMessage());
                    return false;
                }
            }
            String[] parts = key.split("/");
            retryLater(new PendingCopy(parts[2], parts[1].toUpperCase(Locale.ROOT).replace('-', '_'), key, sha,
                    other.name(), other.location().tier()));
        }
        return true;
    }

    /** Copies the backup committed at the primary to {@code target} once; PENDING if that failed. */
    public Landed copy(Locations.Opened target, String manifestKey) {
        try {
            Replicator.copy(locations.primary().storage(), target.storage(), manifestKey, manifests);
            return Landed.STORED;
        } catch (StorageException | ManifestException | UncheckedIOException e) {
            log.warn("copy of '{}' to location '{}' is pending: {}", manifestKey, target.name(), e.getMessage());
            return Landed.PENDING;
        }
    }

    /** Keeps trying {@code copy} in the background; call after the backup's BackupCompleted is published. */
    public void retryLater(PendingCopy copy) {
        pending.putIfAbsent(copy, 1);
    }

    /** Copies not landed yet. */
    public List<PendingCopy> pending() {
        return new ArrayList<>(pending.keySet());
    }

    void retryPending() {
        for (PendingCopy copy : pending()) {
            Locations.Opened target = locations.others().stream().filter(o -> o.name().equals(copy.location()))
                    .findFirst().orElse(null);
            if (target == null) {
                log.warn("pending copy of '{}' names location '{}' that is no longer configured; dropped",
                        copy.manifestKey(), copy.location());
                pending.remove(copy);
                continue;
            }
            int attempts = pending.merge(copy, 1, Integer::sum);
            try {
                Replicator.copy(locations.primary().storage(), target.storage(), copy.manifestKey(), manifests);
            } catch (StorageException | ManifestException | UncheckedIOException e) {
                log.debug("copy of '{}' to '{}' still pending: {}", copy.manifestKey(), copy.location(),
                        e.getMessage());
                continue;
            } catch (RuntimeException e) {
                log.error("copy of '{}' to '{}' failed unexpectedly", copy.manifestKey(), copy.location(), e);
                continue;
            }
            log.info("pending copy of '{}' landed at location '{}' after {} attempts", copy.manifestKey(),
                    copy.location(), attempts);
            try {
                reporter.copyStored(copy, attempts);
                pending.remove(copy);
            } catch (RuntimeException e) {
                // stays pending: the copy is done again (idempotent) and announced on the next round
                log.warn("landed copy of '{}' at '{}' could not be announced: {}", copy.manifestKey(),
                        copy.location(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        retrier.shutdownNow();
    }
}
