package io.lifeboat.restore.interrupted;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.postgres.TargetDatabase;
import io.lifeboat.restore.run.JournalEntry;
import io.lifeboat.restore.run.JournalEntry.StagedTable;
import io.lifeboat.restore.run.RestoreFailure;
import io.lifeboat.restore.run.RestoreJournal;
import io.lifeboat.restore.run.RestoreResult;
import io.lifeboat.restore.run.RestoreResult.Outcome;
import io.lifeboat.restore.run.RestoreRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * At start-up, before requests are taken: locks the scratch directory, removes what a service that died there left
 * ({@link #sweepScratch()}), and undoes and reports every restore the journal holds ({@link #undoJournal()}).
 */
@Component
class InterruptedWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InterruptedWork.class);
    /** What everything this service writes into the scratch directory is named like. */
    static final String LEFTOVER_PREFIX = "lifeboat-";

    private final RestoreProperties properties;
    private final RestoreJournal journal;
    private final RestoreRunner runner;
    private final Policy policy;
    private final Clock clock;
    private ScratchLock lock;

    InterruptedWork(RestoreProperties properties, RestoreJournal journal, RestoreRunner runner, Policy policy,
                    Clock clock) {
        this.properties = properties;
        this.journal = journal;
        this.runner = runner;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void start() {
        lock = ScratchLock.take(properties.scratchDirectory());
        List<String> swept = sweepScratch();
        if (!swept.isEmpty()) {
            log.warn("removed what an earlier restore-service left in scratch directory '{}': {}",
                    properties.scratchDirectory(), String.join(", ", swept));
        }
        undoJournal();
    }

    /**
     * Removes everything named {@code lifeboat-*} in the scratch directory: decrypted dumps and WAL staging
     * directories, and throwaway clusters, whose server is stopped first if it still runs. Returns what went.
     */
    List<String> sweepScratch() {
        Path scratch = properties.scratchDirectory();
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(scratch, LEFTOVER_PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    boolean running = Files.exists(entry.resolve("data").resolve("postmaster.pid"));
                    ScratchCluster.abandoned(entry, entry.resolve("data"), properties.pgBinDirectory()).close();
                    removed.add(entry.getFileName() + (running ? " (its server was running and is stopped)" : ""));
                } else {
                    Files.deleteIfExists(entry);
                    removed.add(entry.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear scratch directory '" + scratch + "': " + e.getMessage(), e);
        }
        return removed;
    }

    /**
     * Undoes what each journalled restore may have half done and queues its FAILED result; a restore whose result was
     * kept before the service died had finished: it is not undone, and its result is published with the others kept.
     */
    void undoJournal() {
        for (JournalEntry entry : journal.entries()) {
            if (runner.finishedUnpublished(entry.restoreId())) {
                journal.remove(entry.restoreId());
                continue;
            }
            String undone = undo(entry);
            log.warn("restore {} was interrupted by the end of an earlier restore-service: {}", entry.restoreId(),
                    undone);
            runner.submitInterrupted(new RestoreResult(entry.restoreId(), entry.backupId(), entry.method(),
                    entry.target(), entry.requestedBy(), Outcome.FAILED, "none",
                    Duration.between(entry.requestedAt(), clock.instant()), policy.rtoOf(properties.asset()),
                    Map.of(), "interrupted: restore-service stopped before this restore finished; " + undone
                    + "; request it again"));
        }
        runner.publishPending();
    }

    private String undo(JournalEntry entry) {
        String undone = switch (entry.undo()) {
            case DROP_DATABASE -> dropDatabase(entry.leftover(), entry.restoreId());
            case REMOVE_RECOVERING_DATA_DIRECTORY -> removeRecoveringDataDirectory(Path.of(entry.leftover()));
        };
        return entry.staged().map(staged -> undone + "; " + dropStagedTable(staged)).orElse(undone);
    }

    /**
     * Drops the table a single-table restore had restored into a live database under its temporary name and not yet
     * swapped in: only that table, by its exact name, which no one but this restore uses.
     */
    private String dropStagedTable(StagedTable staged) {
        TargetDatabase target = new TargetDatabase(properties.target());
        String table = TargetDatabase.quote(staged.schema()) + "." + TargetDatabase.quote(staged.table());
        String where = "table '" + staged.schema() + "." + staged.table() + "' in database '" + staged.database()
                + "'";
        try {
            if (!target.exists(staged.database())) {
                return "database '" + staged.database() + "' no longer exists, so no staged table was left there";
            }
            try (Connection c = target.connect(staged.database());
                 PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return "it had not staged " + where;
                    }
                }
            }
            target.execute(staged.database(), "DROP TABLE IF EXISTS " + table);
            return "its staged " + where + " was dropped";
        } catch (RestoreFailure | SQLException e) {
            return "its staged " + where + " could not be dropped, drop it by hand: " + e.getMessage();
        }
    }

    /**
     * Drops {@code database} only if this restore created it (it carries the restore's mark): the journal entry is
     * written when the restore is queued, so a database of that name may belong to someone else (another restore, a
     * DBA) and is then left as it is.
     */
    private String dropDatabase(String database, String restoreId) {
        TargetDatabase target = new TargetDatabase(properties.target());
        try {
            if (!target.exists(database)) {
                return "it had not created database '" + database + "'";
            }
            if (!target.createdBy(database, restoreId)) {
                return "database '" + database + "' exists but was not created by this restore, so it was left as"
                        + " it was";
            }
            target.drop(database);
            return "its partly restored database '" + database + "' was dropped";
        } catch (RestoreFailure e) {
            return "its partly restored database '" + database + "' could not be dropped, drop it by hand: "
                    + e.getMessage();
        }
    }

    /**
     * A PITR data directory is only removed when the restore got as far as pointing its recovery at this service's
     * scratch directory (the server would wait there for WAL that never comes).
     */
    private String removeRecoveringDataDirectory(Path dataDir) {
        Path settings = dataDir.resolve("postgresql.auto.conf");
        try {
            if (!Files.exists(settings) || !Files.readString(settings, StandardCharsets.UTF_8)
                    .contains(properties.scratchDirectory().resolve(LEFTOVER_PREFIX).toString())) {
                return "it had not started recovery in data directory '" + dataDir + "', which was left as it was";
            }
        } catch (IOException e) {
            return "data directory '" + dataDir + "' could not be read (" + e.getMessage()
                    + "), check and remove it by hand";
        }
        ScratchCluster.abandoned(dataDir, dataDir, properties.pgBinDirectory()).close();
        return Files.exists(dataDir) ? "its half-recovered data directory '" + dataDir
                + "' could not be removed, stop its server and remove it by hand"
                : "its half-recovered server was stopped and its data directory '" + dataDir + "' removed";
    }

    @Override
    public void stop() {
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("could not release the scratch directory lock: {}", e.getMessage());
            }
            lock = null;
        }
    }

    @Override
    public boolean isRunning() {
        return lock != null;
    }

    /** Before the web server and the consumers start. */
    @Override
    public int getPhase() {
        return -1000;
    }
}
