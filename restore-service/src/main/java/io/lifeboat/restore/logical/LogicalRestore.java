package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.copy.DestinationFailure;
import io.lifeboat.restore.copy.FetchedCopy;
import io.lifeboat.restore.copy.NoIntactCopy;
import io.lifeboat.restore.postgres.FingerprintComparison;
import io.lifeboat.restore.postgres.FingerprintComparison.Mismatch;
import io.lifeboat.restore.postgres.RestoredTables;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Restores a logical dump into a new database while it is decrypted ({@link StreamedDump}) and proves, table by
 * table, that the data came back: each table's row count and the hash of every row, taken as configured
 * ({@link io.lifeboat.restore.config.RestoreProperties.LogicalProof}: from the rows sent and the counts the server
 * acknowledged, or read back from the database), are compared with the manifest's fingerprint. A restore that fails
 * after creating its database drops it.
 */
@Service
public class LogicalRestore {

    private final RestoreProperties properties;
    private final BackupCatalogue catalogue;
    private final BackupCopies copies;
    private final Policy policy;
    private final Clock clock;

    public LogicalRestore(RestoreProperties properties, BackupCatalogue catalogue, BackupCopies copies,
                          Policy policy, Clock clock) {
        this.properties = properties;
        this.catalogue = catalogue;
        this.copies = copies;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Checks what can be checked at once and returns the job.
     *
     * @throws RequestRefused UNKNOWN_BACKUP, or TARGET_NOT_EMPTY when the target database exists
     */
    public RestoreJob accept(RestoreRequest request) {
        CatalogueEntry entry = catalogue.find(request.backupId()).orElseThrow(() -> new RequestRefused(
                Refusal.UNKNOWN_BACKUP, "backup '" + request.backupId() + "' is not in the catalogue"));
        TargetDatabase target = new TargetDatabase(properties.target());
        try {
            if (target.exists(request.targetDatabase())) {
                throw new RequestRefused(Refusal.TARGET_NOT_EMPTY, "target database '" + request.targetDatabase()
                        + "' already exists on " + properties.target()
                        + "; a restore never overwrites an existing database");
            }
        } catch (RestoreFailure e) {
            throw new RequestRefused(Refusal.INVALID_REQUEST, e.getMessage());
        }
        return new RestoreJob() {
            @Override
            public String restoreId() {
                return request.restoreId();
            }

            @Override
            public String describe() {
                return "backup " + request.backupId() + " into database '" + request.targetDatabase() + "' for "
                        + request.requestedBy();
            }

            @Override
            public JournalEntry journalEntry() {
                return new JournalEntry(request.restoreId(), request.backupId(), Method.LOGICAL,
                        request.targetDatabase(), request.requestedBy(), request.requestedAt(), Undo.DROP_DATABASE,
                        request.targetDatabase());
            }

            @Override
            public RestoreResult run() {
                return restore(request, entry);
            }
        };
    }

    RestoreResult restore(RestoreRequest request, CatalogueEntry entry) {
        String location = "none";
        TargetDatabase target = new TargetDatabase(properties.target());
        StreamedDump load = null;
        try {
            long t0 = System.nanoTime();
            load = new StreamedDump(properties, properties.target(), request.targetDatabase(), request.restoreId(),
                    entry.backupId(), properties.logicalProof());
            FetchedCopy copy = copies.streamInto(entry, BackupCopies::isDump, load);
            long streamed = System.nanoTime();
            location = copy.location();
            Map<String, TableFingerprint> expected = copy.manifest().tables();
            RestoredTables restored = load.complete(expected);
            String timings = "; " + load.describe() + "; decrypted, verified and loaded in " + millis(streamed - t0)
                    + " ms, then schema, indexes and constraints and the last reads in "
                    + millis(System.nanoTime() - streamed) + " ms";
            FingerprintComparison.Result comparison = FingerprintComparison.compare(expected, restored);
            Map<String, Long> rows = new TreeMap<>();
            restored.fingerprints().forEach((table, fp) -> rows.put(table, fp.rows()));
            if (!comparison.matches()) {
                return result(request, Outcome.FAILED, location, rows, "restored data differs from the backup: "
                        + String.join("; ", comparison.mismatches().stream().map(Mismatch::toString).toList())
                        + timings + dropped(target, request.targetDatabase()));
            }
            return result(request, Outcome.SUCCEEDED, location, rows, "all " + restored.fingerprints().size()
                    + " tables match the backup's fingerprints"
                    + comparison.reroutedTrees().stream().map(t -> " (" + t + ")").collect(Collectors.joining())
                    + "; copy used: " + copy.describe() + timings);
        } catch (RestoreFailure | NoIntactCopy | DestinationFailure | IOException | RuntimeException e) {
            return result(request, Outcome.FAILED, location, Map.of(), e.getMessage()
                    + (load != null && load.databaseCreated() ? dropped(target, request.targetDatabase()) : ""));
        } finally {
            if (load != null) {
                load.close();
            }
        }
    }

    /**
     * Drops the database a failed restore created (it is incomplete or differs from the backup, and must not be
     * mistaken for a restore) and says so; the backup itself is left as it was, for another attempt or inspection.
     */
    private static String dropped(TargetDatabase target, String database) {
        try {
            target.drop(database);
            return "; the partly restored database '" + database + "' was dropped";
        } catch (RestoreFailure e) {
            return "; the partly restored database '" + database + "' could not be dropped, drop it by hand: "
                    + e.getMessage();
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private RestoreResult result(RestoreRequest request, Outcome outcome, String location, Map<String, Long> rows,
                                 String detail) {
        return new RestoreResult(request.restoreId(), request.backupId(), Method.LOGICAL, request.targetDatabase(),
                request.requestedBy(), outcome, location, Duration.between(request.requestedAt(), clock.instant()),
                policy.rtoOf(properties.asset()), rows, detail);
    }
}
