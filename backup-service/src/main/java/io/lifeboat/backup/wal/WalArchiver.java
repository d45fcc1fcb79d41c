package io.lifeboat.backup.wal;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.PendingCopy;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.wal.WalSegmentName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stores the completed segments pg_receivewal leaves in the spool, oldest first, each as a WAL backup; a segment is
 * removed from the spool only once it is committed at the primary, so a crash at any point loses nothing (the next
 * round finds it committed, or stores it under the same backup id if it was not). A committed segment is never stored
 * twice. Closes a segment that stays open too long.
 */
@Component
class WalArchiver implements SmartLifecycle {

    static final String DATA_TYPE = "WAL";
    private static final Logger log = LoggerFactory.getLogger(WalArchiver.class);
    /** Segments per WalArchived event, so a backlog announced after an outage stays far below Kafka's size limit. */
    static final int ANNOUNCED_AT_ONCE = 200;

    private final BackupProperties properties;
    private final WalProperties wal;
    private final BackupCommit commit;
    private final Copies copies;
    private final WalReporter reporter;
    private final WalAlertReporter alertReporter;
    private final Policy policy;
    private final Clock clock;
    private final ClusterQueries cluster;
    private final ObjectWriter writer;
    private ScheduledExecutorService rounds;
    private WalReceiver receiver;
    private StreamingAlerts alerts;
    private volatile boolean running;
    private String systemIdentifier;
    private long segmentSize;
    private Instant lastClosedAt;
    /** Stored segments not announced yet, oldest first; only the rounds' thread touches it. */
    private final List<WalReporter.Archived> unannounced = new ArrayList<>();

    WalArchiver(BackupProperties properties, WalProperties wal, BackupCommit commit, Copies copies,
                WalReporter reporter, WalAlertReporter alertReporter, Policy policy, Clock clock) {
        this.properties = properties;
        this.writer = new ObjectWriter(properties.compressionLevel());
        this.wal = wal;
        this.commit = commit;
        this.copies = copies;
        this.reporter = reporter;
        this.alertReporter = alertReporter;
        this.policy = policy;
        this.clock = clock;
        this.cluster = new ClusterQueries(properties.database());
    }

    @Override
    public void start() {
        if (!wal.enabled()) {
            log.info("wal streaming is off (lifeboat.backup.wal.enabled=false)");
            return;
        }
        lastClosedAt = clock.instant();
        alerts = new StreamingAlerts(wal, properties.database(), policy.monitoring(), alertReporter);
        receiver = new WalReceiver(properties, wal);
        receiver.start();
        rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wal-archiver");
            t.setDaemon(true);
            return t;
        });
        long every = wal.pollInterval().toMillis();
        rounds.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (receiver != null) {
            receiver.close();
        }
        if (rounds != null) {
            rounds.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * One round: judge the receiver's health, store every completed segment, judge the slot's lag, announce what is
     * stored and not yet announced, then close the current segment if it is too old. A stored segment is gone from
     * the spool, so its facts are kept here until they are out: its pending copies are queued whether or not the
     * announcement succeeds, and segments whose announcement could not even be kept in the event outbox (its disk
     * failing; Kafka being down is the outbox's to bridge) are announced by a later round.
     */
    void round() {
        try {
            // first, and without the database: a database that is down is the most likely reason of failed starts
            alerts.receiver(receiver.health());
        } catch (RuntimeException e) {
            log.error("wal receiver alert rule failed", e);
        }
        try {
            if (systemIdentifier == null) {
                systemIdentifier = cluster.systemIdentifier();
                segmentSize = cluster.segmentSize();
            }
        } catch (SQLException e) {
            log.warn("wal archiving cannot reach the database: {}", e.getMessage());
            return;
        }
        try {
            List<WalReporter.Archived> archived = storeCompleted();
            unannounced.addAll(archived);
            Long lag = lagBytes();
            if (lag != null) {
                alerts.lag(lag);
            }
            if (!archived.isEmpty()) {
                lastClosedAt = clock.instant();
            }
            announce(lag);
            for (WalReporter.Archived a : archived) {
                a.backup().copies().stream().filter(c -> c.state() == BackupOutcome.CopyState.PENDING)
                        .forEach(c -> copies.retryLater(new PendingCopy(a.backup().backupId(), DATA_TYPE,
                                a.backup().manifestKey(), a.backup().manifestSha256(), c.location(), c.tier())));
            }
            if (clock.instant().isAfter(lastClosedAt.plus(wal.maxSegmentAge()))) {
                cluster.switchWal();
                lastClosedAt = clock.instant();
            }
        } catch (SQLException e) {
            log.warn("wal archiving cannot reach the database: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("wal archiving round failed", e);
        }
    }

    /** The slot's lag, or null if it is unknown (no slot yet, or the database cannot be asked now). */
    private Long lagBytes() {
        try {
            return cluster.lagBytes(wal.slot());
        } catch (SQLException e) {
            log.warn("wal slot lag cannot be read: {}", e.getMessage());
            return null;
        }
    }

    /** Announces the unannounced segments, oldest first, in batches; what could not be announced stays. */
    private void announce(Long lag) {
        try {
            while (!unannounced.isEmpty()) {
                List<WalReporter.Archived> batch = unannounced.subList(0,
                        Math.min(ANNOUNCED_AT_ONCE, unannounced.size()));
                // segment and history file names both start with the timeline in 8 hex digits
                String last = batch.get(batch.size() - 1).segmentName();
                long timeline = Long.parseLong(last.substring(0, 8), 16);
                reporter.walArchived(systemIdentifier, timeline, List.copyOf(batch), lag);
                batch.clear();
            }
        } catch (RuntimeException e) {
            log.warn("{} stored wal files are not announced yet; trying again next round: {}", unannounced.size(),
                    e.getMessage());
        }
    }

    private List<WalReporter.Archived> storeCompleted() {
        List<Path> completed;
        try (Stream<Path> files = Files.list(wal.spool())) {
            // a timeline's history file sorts before its segments: recovery needs it to follow the new timeline
            completed = files.filter(p -> WalSegmentName.isSegmentFileName(p.getFileName().toString())
                            || isHistoryFile(p.getFileName().toString()))
                    .sorted(java.util.Comparator.comparing((Path p) -> p.getFileName().toString().substring(0, 8))
                            .thenComparing(p -> !isHistoryFile(p.getFileName().toString()))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            log.warn("wal spool '{}' cannot be listed: {}", wal.spool(), e.getMessage());
            return List.of();
        }
        List<WalReporter.Archived> archived = new ArrayList<>();
        for (Path file : completed) {
            String fileName = file.getFileName().toString();
            BackupOutcome outcome;
            try {
                outcome = store(fileName, file);
            } catch (RuntimeException e) {
                // what is stored already must still reach the caller: it is gone from the spool
                log.error("wal file '{}' could not be stored", fileName, e);
                break;
            }
            if (outcome instanceof BackupOutcome.Completed c) {
                archived.add(new WalReporter.Archived(fileName, c));
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    log.warn("stored wal segment '{}' could not be removed from the spool: {}", fileName,
                            e.getMessage());
                }
            } else if (outcome instanceof BackupOutcome.Failed f) {
                // keep the order: later segments wait until this one is stored
                log.warn("wal file '{}' could not be stored ({}): {}", fileName, f.reason(), f.detail());
                break;
            }
        }
        return archived;
    }

    private BackupOutcome store(String fileName, Path file) {
        if (isHistoryFile(fileName)) {
            return store(fileName + "-" + systemIdentifier, fileName, file, Map.of("historyFile", fileName,
                    "timeline", Long.toString(Long.parseLong(fileName.substring(0, 8), 16)),
                    "systemIdentifier", systemIdentifier));
        }
        WalSegmentName name = WalSegmentName.parse(fileName, segmentSize);
        return store(name.backupId(systemIdentifier), name.fileName(), file, Map.of(
                "segmentName", name.fileName(), "timeline", Long.toString(name.timeline()),
                "systemIdentifier", systemIdentifier, "segmentSize", Long.toString(segmentSize)));
    }

    static boolean isHistoryFile(String fileName) {
        return fileName.matches("[0-9A-F]{8}\\.history");
    }

    /**
     * Stores one spool file as backup {@code backupId}, unless that backup is already committed at the primary (the
     * file was left in the spool by a crash or a failed removal): then it is not stored again, only copied where
     * it is missing, and announced again. Stored again, it would get a new data key, so new bytes of the same size
     * under the same keys, and every copy and check of the first commit would be stale.
     */
    private BackupOutcome store(String backupId, String objectName, Path file, Map<String, String> metadata) {
        try {
            Optional<BackupOutcome.Completed> committed = commit.committed(DATA_TYPE, backupId);
            if (committed.isPresent()) {
                log.info("wal file '{}' is already committed at the primary; not stored again", objectName);
                return committed.get();
            }
        } catch (ManifestException e) {
            // not a commit anyone can read: storing it again is what repairs it
            log.warn("wal file '{}' has an unreadable manifest at the primary; storing it again: {}", objectName,
                    e.getMessage());
        } catch (StorageException e) {
            return new BackupOutcome.Failed(backupId, DATA_TYPE, systemIdentifier,
                    BackupOutcome.FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        Instant started = clock.instant();
        Storage primary = commit.primary();
        String objectKey = RepositoryLayout.objectKey(DATA_TYPE, backupId, objectName);
        DataKey dataKey = DataKey.generate();
        ManifestObject object;
        try (InputStream in = Files.newInputStream(file)) {
            object = writer.write(primary, objectKey, in, dataKey);
        } catch (IOException | StorageException e) {
            commit.discard(primary, objectKey);
            return new BackupOutcome.Failed(backupId, DATA_TYPE, systemIdentifier,
                    BackupOutcome.FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        return commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, systemIdentifier, started,
                clock.instant(), List.of(object), metadata, Map.of()), dataKey);
    }
}
