package io.lifeboat.restore.pitr;

import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.wal.WalSegmentName;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.KeysProperties;
import io.lifeboat.restore.config.PolicyProperties;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.copy.DestinationFailure;
import io.lifeboat.restore.copy.FetchedCopy;
import io.lifeboat.restore.copy.NoIntactCopy;
import io.lifeboat.restore.pitr.RecoveryTarget.Kind;
import io.lifeboat.restore.pitr.WalStager.Staged;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.postgres.TargetDatabase;
import io.lifeboat.restore.run.JournalEntry;
import io.lifeboat.restore.run.JournalEntry.Undo;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import io.lifeboat.restore.run.RestoreFailure;
import io.lifeboat.restore.run.RestoreJob;
import io.lifeboat.restore.run.RestoreResult;
import io.lifeboat.restore.run.RestoreResult.Method;
import io.lifeboat.restore.run.RestoreResult.Outcome;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/** Full physical and point-in-time restores; see the package documentation. */
@Service
public class PointInTimeRestore {

    static final String BASE_DATA_TYPE = "DATABASE_BASE";
    private static final String BASE_OBJECT = "base.tar";
    private static final Duration PROMOTION_WAIT = Duration.ofHours(6);
    private static final String STAGING_DONE = ".lifeboat-staging-done";
    private static final String HISTORY_DONE = ".lifeboat-histories-done";

    private final RestoreProperties properties;
    private final BackupCatalogue catalogue;
    private final BackupCopies copies;
    private final WalStager wal;
    private final Policy policy;
    private final Path keysetFile;
    private final Path policyFile;
    private final Clock clock;

    public PointInTimeRestore(RestoreProperties properties, BackupCatalogue catalogue, BackupCopies copies,
                              ManifestStore manifests, Policy policy, KeysProperties keys,
                              PolicyProperties policyFile, Clock clock) {
        this.properties = properties;
        this.keysetFile = keys.keysetFilePath();
        this.policyFile = policyFile.filePath();
        this.catalogue = catalogue;
        this.copies = copies;
        this.wal = new WalStager(properties.locations(), manifests);
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Chooses the base backup and checks the data directory at once.
     *
     * @throws RequestRefused UNKNOWN_BACKUP / NO_SUITABLE_BACKUP, INVALID_REQUEST when the data directory is, holds
     *                        or lies inside one of this service's directories, or TARGET_NOT_EMPTY when a server runs
     *                        in it, or it is not empty and the request is not forced ({@link #checkDataDirectory})
     */
    public RestoreJob accept(PitrRequest request) {
        CatalogueEntry base = request.backupId()
                .map(id -> catalogue.find(id).filter(e -> e.dataType().equals(BASE_DATA_TYPE)).orElseThrow(() ->
                        new RequestRefused(Refusal.UNKNOWN_BACKUP, "backup '" + id
                                + "' is not a base backup in the catalogue")))
                .orElseGet(() -> newestBaseFor(request.target()));
        Path dir = request.dataDirectory();
        checkDataDirectory(request);
        return new RestoreJob() {
            @Override
            public String restoreId() {
                return request.restoreId();
            }

            @Override
            public String describe() {
                return "base backup " + base.backupId() + " + wal to " + request.target() + " into '" + dir
                        + "' on port " + request.port() + " for " + request.requestedBy();
            }

            @Override
            public JournalEntry journalEntry() {
                return new JournalEntry(request.restoreId(), base.backupId(), method(request), dir + " (port "
                        + request.port() + ")", request.requestedBy(), request.requestedAt(),
                        Undo.REMOVE_RECOVERING_DATA_DIRECTORY, dir.toString());
            }

            @Override
            public RestoreResult run() {
                return restore(request, base);
            }
        };
    }

    /**
     * Refuses a data directory that may not be replaced: one a server runs in, one that is not empty unless forced,
     * and one that is, holds or lies inside a directory this service works with (a filesystem storage location, the
     * restore-test reports, the scratch directory with the journal, the PostgreSQL programs), compared by their real
     * paths: a data directory replaced is deleted whole. Checked at accept time, and again when the queued job runs.
     *
     * @throws RequestRefused INVALID_REQUEST for a directory of this service's, TARGET_NOT_EMPTY otherwise
     */
    private void checkDataDirectory(PitrRequest request) {
        Path dir = request.dataDirectory();
        Path real = realPath(dir);
        for (Map.Entry<String, Path> own : ownDirectories().entrySet()) {
            Path protectedDir = realPath(own.getValue());
            if (real.startsWith(protectedDir) || protectedDir.startsWith(real)) {
                throw new RequestRefused(Refusal.INVALID_REQUEST, "data directory '" + dir + "' is, holds or lies"
                        + " inside " + own.getKey() + " '" + own.getValue() + "'; a restore never replaces it");
            }
        }
        if (Files.exists(dir.resolve("postmaster.pid"))) {
            throw new RequestRefused(Refusal.TARGET_NOT_EMPTY, "data directory '" + dir
                    + "' belongs to a running server (postmaster.pid exists); a restore never replaces it");
        }
        if (!isEmpty(dir) && !request.force()) {
            throw new RequestRefused(Refusal.TARGET_NOT_EMPTY, "data directory '" + dir
                    + "' is not empty; a restore only replaces it when forced");
        }
    }

    /** The directories this service works with, by what they are. */
    private Map<String, Path> ownDirectories() {
        Map<String, Path> own = new TreeMap<>();
        own.put("the scratch directory", properties.scratchDirectory());
        properties.pgBinDirectory().ifPresent(bin -> own.put("the PostgreSQL programs' directory", bin));
        for (var location : properties.locations()) {
            localPath(location.url()).ifPresent(p -> own.put("storage location '" + location.name() + "'", p));
        }
        localPath(properties.restoreTest().reports()).ifPresent(p -> own.put("the restore-test reports", p));
        // without the master keys every backup is unreadable: their whole directory is the service's
        own.put("the master keyset's directory", keysetFile.toAbsolutePath().getParent());
        own.put("the policy file", policyFile);
        return own;
    }

    /** The directory a storage url names on this machine ({@code file:} or a path), if it names one. */
    private static Optional<Path> localPath(String url) {
        if (url.startsWith("file:")) {
            return Optional.of(Path.of(URI.create(url)));
        }
        return url.startsWith("/") || url.startsWith(".") ? Optional.of(Path.of(url)) : Optional.empty();
    }

    /** {@code path} with every symbolic link of the part that exists resolved, normalized. */
    private static Path realPath(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute;
        }
    }

    private CatalogueEntry newestBaseFor(RecoveryTarget target) {
        Instant before = target.kind() == Kind.TIME ? Instant.parse(target.value()) : clock.instant();
        return catalogue.all().stream()
                .filter(e -> e.dataType().equals(BASE_DATA_TYPE) && e.completedAt().isBefore(before))
                .max(Comparator.comparing(CatalogueEntry::completedAt))
                .orElseThrow(() -> new RequestRefused(Refusal.NO_SUITABLE_BACKUP, "no base backup completed before "
                        + before));
    }

    RestoreResult restore(PitrRequest request, CatalogueEntry entry) {
        Path dataDir = request.dataDirectory();
        Path stage = null;
        FetchedCopy copy = null;
        String location = "none";
        boolean created = false;
        ExecutorService staging = null;
        ScratchCluster server = ScratchCluster.kept(dataDir, request.port(), properties.pgBinDirectory());
        try {
            // the job may have waited in the queue: what was true at accept time may not be any more
            checkDataDirectory(request);
            Files.createDirectories(properties.scratchDirectory());
            if (Files.exists(dataDir)) {
                ScratchCluster.delete(dataDir);
            }
            Files.createDirectories(dataDir.getParent());
            created = true;
            copy = copies.streamInto(entry, o -> o.key().endsWith("/" + BASE_OBJECT), new BaseBackupUnpacker(dataDir));
            location = copy.location();
            Manifest manifest = copy.manifest();
            String systemIdentifier = metadata(manifest, "systemIdentifier");
            long timeline = Long.parseLong(metadata(manifest, "timeline"));
            WalSegmentName first = WalSegmentName.ofLsn(timeline, metadata(manifest, "walStartLsn"),
                    WalSegmentName.DEFAULT_SEGMENT_SIZE);
            for (String leftover : List.of("postmaster.pid", "postmaster.opts", "standby.signal")) {
                Files.deleteIfExists(dataDir.resolve(leftover));
            }

            // WAL is staged while the server replays: restore_command waits for a segment until staging is done
            stage = Files.createTempDirectory(properties.scratchDirectory(), "lifeboat-wal-");
            ScratchCluster.handOver(stage);
            Path stageDir = stage;
            Optional<WalSegmentName> lastNeeded = request.target().kind() == Kind.LSN
                    ? Optional.of(WalSegmentName.ofLsn(timeline, request.target().value(),
                    WalSegmentName.DEFAULT_SEGMENT_SIZE)) : Optional.empty();
            // the (small) history files first, so the timeline path is known, and checked, before the server starts
            TimelineHistory newest;
            try {
                newest = wal.stageHistories(systemIdentifier, timeline, stageDir);
            } finally {
                Files.writeString(stageDir.resolve(HISTORY_DONE), "");
            }
            TimelineHistory timelines = request.target().timeline() == null ? newest
                    : WalStager.pathTo(request.target().timeline(), timeline, stageDir);
            staging = Executors.newSingleThreadExecutor(r -> new Thread(r, "wal-staging-" + request.restoreId()));
            Future<Staged> staged = staging.submit(() -> {
                try {
                    return wal.stage(systemIdentifier, first, timelines, lastNeeded, stageDir);
                } finally {
                    Files.writeString(stageDir.resolve(STAGING_DONE), "");
                }
            });

            List<String> settings = new ArrayList<>(List.of(restoreCommand(stage),
                    request.target().timelineSetting()));
            settings.addAll(request.target().settings());
            server.configure(settings);
            Files.writeString(dataDir.resolve("recovery.signal"), "", StandardCharsets.UTF_8);
            ScratchCluster.handOver(dataDir);
            server.start();
            awaitPromotion(server);
            String replayed = staged.isDone() ? describe(staged)
                    : "wal segments staged until the server was promoted";
            staging.shutdownNow();
            Map<String, Long> rows = rowCounts(new TargetDatabase(server.target()));
            return result(request, entry, Outcome.SUCCEEDED, location, rows, "restored base backup "
                    + entry.backupId() + " and replayed " + replayed + " to " + request.target()
                    + "; server promoted in '" + dataDir + "' on port " + request.port() + "; copy used: "
                    + copy.describe());
        } catch (RestoreFailure | NoIntactCopy | DestinationFailure | IOException | RuntimeException e) {
            // a data directory refused when the job ran is not this restore's: its server is left running
            String log = "";
            if (created) {
                server.stop();
                log = server.serverLog().strip();
                ScratchCluster.delete(dataDir);
            }
            return result(request, entry, Outcome.FAILED, location, Map.of(), e.getMessage()
                    + (log.isEmpty() ? "" : "; server log: " + log));
        } finally {
            BackupCopies.discard(copy);
            if (staging != null) {
                staging.shutdownNow();
                try {
                    staging.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (stage != null) {
                ScratchCluster.delete(stage);
            }
        }
    }

    /**
     * Copies a staged file, waiting for it while staging is still running (the shell runs it, as postgres): a
     * timeline history file only until the histories are staged (PostgreSQL asks for the next timeline's history to
     * find the newest, and must not wait for all of the WAL to learn there is none), a segment until all WAL is.
     */
    static String restoreCommand(Path stage) {
        return "restore_command = 'f=\"" + stage + "/%f\"; case \"%f\" in *.history) done=\"" + stage + "/"
                + HISTORY_DONE + "\";; *) done=\"" + stage + "/" + STAGING_DONE + "\";; esac;"
                + " while [ ! -f \"$f\" ] && [ ! -f \"$done\" ]; do sleep 0.05; done; cp \"$f\" \"%p\"'";
    }

    private static String describe(Future<Staged> staged) {
        try {
            return staged.get().describe();
        } catch (Exception e) {
            return "wal segments staged until staging failed: " + e.getMessage();
        }
    }

    private static String metadata(Manifest manifest, String key) throws RestoreFailure {
        String value = manifest.metadata().get(key);
        if (value == null || value.isBlank()) {
            throw new RestoreFailure("base backup '" + manifest.backupId() + "' has no '" + key
                    + "' in its manifest metadata");
        }
        return value;
    }

    /** Waits until recovery has ended and the server was promoted (it accepts writes). */
    private void awaitPromotion(ScratchCluster server) throws RestoreFailure {
        TargetDatabase target = new TargetDatabase(server.target());
        Instant deadline = clock.instant().plus(PROMOTION_WAIT);
        while (clock.instant().isBefore(deadline)) {
            try (Connection c = target.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                if (!server.isRunning()) {
                    throw new RestoreFailure("the restored server stopped during recovery: " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RestoreFailure("interrupted while waiting for recovery to end", e);
            }
        }
        throw new RestoreFailure("recovery did not end within " + PROMOTION_WAIT);
    }

    /** Rows per table of every database, keyed database.schema.table. */
    private static Map<String, Long> rowCounts(TargetDatabase target) throws RestoreFailure {
        List<String> databases = new ArrayList<>();
        try (Connection c = target.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate"
                     + " AND datname <> 'postgres' ORDER BY 1")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot list the restored databases: " + e.getMessage(), e);
        }
        Map<String, Long> rows = new TreeMap<>();
        for (String database : databases) {
            target.rowCounts(database).forEach((table, count) -> rows.put(database + "." + table, count));
        }
        return rows;
    }

    private static boolean isEmpty(Path dir) {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static Method method(PitrRequest request) {
        return request.target().kind() == Kind.LATEST ? Method.PHYSICAL : Method.POINT_IN_TIME;
    }

    private RestoreResult result(PitrRequest request, CatalogueEntry entry, Outcome outcome, String location,
                                 Map<String, Long> rows, String detail) {
        return new RestoreResult(request.restoreId(), entry.backupId(), method(request),
                request.dataDirectory() + " (port " + request.port() + ")", request.requestedBy(), outcome, location,
                Duration.between(request.requestedAt(), clock.instant()), policy.rtoOf(properties.asset()), rows,
                detail);
    }
}
