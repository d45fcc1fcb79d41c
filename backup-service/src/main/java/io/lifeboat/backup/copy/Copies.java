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
import java.util.Locale;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final Map<PendingCopy, Integer> pending = new ConcurrentHashMap<>();
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
        long interval = properties.copyRetryInterval().toMillis();
        retrier.execute(this::findMissingCopies);
        retrier.scheduleWithFixedDelay(this::retryPending, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Pending copies live in memory; after a restart they are found again by comparing each location's manifests
     * with the primary's, so a copy that had not landed before the restart still lands (and is announced).
     */
    void findMissingCopies() {
        Storage primary = locations.primary().storage();
        try {
            for (String key : primary.list(RepositoryLayout.BACKUPS_ROOT)) {
                if (!RepositoryLayout.isManifestKey(key)) {
                    continue;
                }
                for (Locations.Opened other : locations.others()) {
                    boolean there;
                    try {
                        there = other.storage().exists(key);
                    } catch (StorageException e) {
                        there = false;
                    }
                    if (!there) {
                        String[] parts = key.split("/");
                        String sha;
                        try (InputStream in = primary.open(key)) {
                            sha = DigestingInputStream.drain(in).sha256();
                        }
                        retryLater(new PendingCopy(parts[2], parts[1].toUpperCase(Locale.ROOT).replace('-', '_'), key,
                                sha, other.name(), other.location().tier()));
                    }
                }
            }
            if (!pending.isEmpty()) {
                log.info("{} copies are missing at their locations; retrying them", pending.size());
            }
        } catch (StorageException | IOException e) {
            log.warn("missing copies cannot be looked for now: {}", e.getMessage());
        }
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
