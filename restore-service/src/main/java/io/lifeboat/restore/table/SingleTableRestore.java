package io.lifeboat.restore.table;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.copy.FetchedCopy;
import io.lifeboat.restore.copy.NoIntactCopy;
import io.lifeboat.restore.postgres.ClientPrograms;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Restores one table from the newest dump before a time; see the package documentation for how. */
@Service
public class SingleTableRestore {

    private static final Logger log = LoggerFactory.getLogger(SingleTableRestore.class);
    private static final String DUMP = "DATABASE_DUMP";
    private static final int MAX_IDENTIFIER = 63;

    private final RestoreProperties properties;
    private final BackupCatalogue catalogue;
    private final BackupCopies copies;
    private final Policy policy;
    private final Clock clock;

    public SingleTableRestore(RestoreProperties properties, BackupCatalogue catalogue, BackupCopies copies,
                              Policy policy, Clock clock) {
        this.properties = properties;
        this.catalogue = catalogue;
        this.copies = copies;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Chooses the dump and checks the target at once.
     *
     * @throws RequestRefused NO_SUITABLE_BACKUP, INVALID_REQUEST (no such target database), TARGET_NOT_EMPTY (the
     *                        table exists under the name it would get, and replacing it was not forced)
     */
    public RestoreJob accept(TableRestoreRequest request) {
        CatalogueEntry entry = catalogue.newestBefore(DUMP, request.before(), request.source()).orElseThrow(() ->
                new RequestRefused(Refusal.NO_SUITABLE_BACKUP, "no dump" + request.source().map(s -> " of '" + s
                        + "'").orElse("") + " was taken before " + request.before()));
        TargetDatabase target = new TargetDatabase(properties.target());
        try {
            if (!target.exists(request.targetDatabase())) {
                throw new RequestRefused(Refusal.INVALID_REQUEST, "target database '" + request.targetDatabase()
                        + "' does not exist on " + properties.target());
            }
            boolean occupied = tableExists(target, request.targetDatabase(), request.schema(),
                    request.restoredName());
            if (occupied && (request.newName().isPresent() || !request.force())) {
                throw new RequestRefused(Refusal.TARGET_NOT_EMPTY, "table '" + request.schema() + "."
                        + request.restoredName() + "' already exists in database '" + request.targetDatabase()
                        + "'; restore under a new name, or force to replace it");
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
                return "table " + request.qualified() + " from backup " + entry.backupId() + " (taken "
                        + entry.startedAt() + ") into '" + request.targetDatabase() + "' as '"
                        + request.restoredName() + "' for " + request.requestedBy();
            }

            @Override
            public JournalEntry journalEntry() {
                return new JournalEntry(request.restoreId(), entry.backupId(), Method.SINGLE_TABLE,
                        request.targetDatabase(), request.requestedBy(), request.requestedAt(), Undo.DROP_DATABASE,
                        scratchDatabase(request.restoreId()));
            }

            @Override
            public RestoreResult run() {
                return restore(request, entry);
            }
        };
    }

    RestoreResult restore(TableRestoreRequest request, CatalogueEntry entry) {
        TargetDatabase target = new TargetDatabase(properties.target());
        ClientPrograms programs = new ClientPrograms(properties.pgBinDirectory());
        String scratch = scratchDatabase(request.restoreId());
        String location = "none";
        FetchedCopy copy = null;
        Path tableDump = null;
        try {
            copy = copies.fetchDump(entry, properties.scratchDirectory());
            location = copy.location();
            TableFingerprint expected = copy.manifest().tables().get(request.qualified());
            if (expected == null) {
                throw new RestoreFailure("backup '" + entry.backupId() + "' has no table '" + request.qualified()
                        + "'");
            }
            target.create(scratch, request.restoreId());
            programs.run(properties.target(), "pg_restore", List.of("--no-owner", "--no-privileges",
                    "--exit-on-error", "-j", Integer.toString(properties.jobs()), "-d", scratch,
                    copy.files().values().iterator().next().toString()));
            BackupCopies.discard(copy);
            Optional<Partition> partition = Partition.detach(target, scratch, request.schema(), request.table());
            if (request.newName().isPresent()) {
                rename(target, scratch, request.schema(), request.table(), request.newName().get());
            }
            tableDump = Files.createTempFile(properties.scratchDirectory(), "lifeboat-table-", ".pgdump");
            programs.run(properties.target(), "pg_dump", List.of("-Fc", "-t",
                    TargetDatabase.quote(request.schema()) + "." + TargetDatabase.quote(request.restoredName()),
                    "-f", tableDump.toString(), "-d", scratch));
            String attached = load(target, programs, request, tableDump, partition);
            TableFingerprint restored = target.fingerprint(request.targetDatabase(), request.schema(),
                    request.restoredName());
            String where = request.schema() + "." + request.restoredName() + " in '" + request.targetDatabase() + "'";
            if (!restored.equals(expected)) {
                return result(request, entry, Outcome.FAILED, location, Map.of(), "restored table " + where
                        + " differs from the backup: " + restored.rows() + " rows, expected " + expected.rows());
            }
            return result(request, entry, Outcome.SUCCEEDED, location, Map.of(request.schema() + "."
                    + request.restoredName(), restored.rows()), "table " + request.qualified() + " restored as "
                    + where + attached + " from backup " + entry.backupId() + " taken " + entry.startedAt()
                    + "; its fingerprint matches; copy used: " + copy.describe());
        } catch (RestoreFailure | NoIntactCopy | IOException | RuntimeException e) {
            return result(request, entry, Outcome.FAILED, location, Map.of(), e.getMessage());
        } finally {
            BackupCopies.discard(copy);
            dropQuietly(target, scratch);
            if (tableDump != null) {
                try {
                    Files.deleteIfExists(tableDump);
                } catch (IOException e) {
                    log.warn("could not remove '{}': {}", tableDump, e.getMessage());
                }
            }
        }
    }

    /**
     * The database the table's backup is restored into first, on the target server; dropped at the end, and by the
     * next start of the service if it died meanwhile.
     */
    static String scratchDatabase(String restoreId) {
        return "lifeboat_table_" + restoreId.replace("-", "").substring(0, 12);
    }

    /**
     * Restores the dumped table into the target database in one transaction and says how it was placed. A partition
     * restored in place is attached to its partitioned table afterwards with the bound it had at backup time. The live
     * partition it replaces is detached first (its indexes belong to the parent's, so they could not be dropped
     * otherwise) and attached again as it was if the restore fails: a failed restore leaves the target as it was.
     */
    private String load(TargetDatabase target, ClientPrograms programs, TableRestoreRequest request, Path tableDump,
                        Optional<Partition> partition) throws RestoreFailure {
        String database = request.targetDatabase();
        List<String> args = new ArrayList<>(List.of("--no-owner", "--no-privileges", "--exit-on-error",
                "--single-transaction"));
        if (request.force() && request.newName().isEmpty()) {
            args.addAll(List.of("--clean", "--if-exists"));
        }
        args.addAll(List.of("-d", database, tableDump.toString()));
        if (partition.isEmpty()) {
            programs.run(properties.target(), "pg_restore", args);
            return "";
        }
        Partition p = partition.get();
        if (request.newName().isPresent()) {
            programs.run(properties.target(), "pg_restore", args);
            return " as a table of its own (a partition of " + p.parent() + " at backup time)";
        }
        Optional<Partition> live = request.force()
                ? Partition.detach(target, database, request.schema(), request.table()) : Optional.empty();
        try {
            programs.run(properties.target(), "pg_restore", args);
        } catch (RestoreFailure e) {
            if (live.isPresent()) {
                try {
                    live.get().attach(target, database, request.schema(), request.table());
                } catch (RestoreFailure again) {
                    throw new RestoreFailure(e.getMessage() + "; the live partition, detached to be replaced, could"
                            + " not be attached to " + live.get().parent() + " again: " + again.getMessage(), e);
                }
            }
            throw e;
        }
        p.attach(target, database, request.schema(), request.table());
        return " and attached to " + p.parent() + " again";
    }

    /** A partition of a partitioned table: its parent (quoted, qualified) and its bound ({@code FOR VALUES ...}). */
    record Partition(String parent, String bound) {

        /**
         * Detaches the table from its partitioned table in {@code database} if it is a partition, and says what it was
         * a partition of. In the scratch database this makes it dump as a table of its own: restored whole beside the
         * live tree, or in place and attached afterwards (a partition attached before its indexes are created would be
         * given the parent's indexes twice). In the target it frees the live partition to be replaced.
         */
        static Optional<Partition> detach(TargetDatabase target, String database, String schema, String table)
                throws RestoreFailure {
            Optional<Partition> partition;
            try (Connection c = target.connect(database);
                 PreparedStatement s = c.prepareStatement("""
                         SELECT quote_ident(n.nspname) || '.' || quote_ident(p.relname),
                                pg_get_expr(t.relpartbound, t.oid)
                           FROM pg_class t JOIN pg_inherits i ON i.inhrelid = t.oid
                           JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
                          WHERE t.oid = to_regclass(?) AND t.relispartition""")) {
                s.setString(1, qualified(schema, table));
                try (ResultSet rs = s.executeQuery()) {
                    partition = rs.next() ? Optional.of(new Partition(rs.getString(1), rs.getString(2)))
                            : Optional.empty();
                }
            } catch (SQLException e) {
                throw new RestoreFailure("cannot read table '" + schema + "." + table + "' in database '" + database
                        + "': " + e.getMessage(), e);
            }
            if (partition.isPresent()) {
                target.execute(database, "ALTER TABLE " + partition.get().parent() + " DETACH PARTITION "
                        + qualified(schema, table));
            }
            return partition;
        }

        /**
         * Attaches the table to this parent in {@code database} with this bound; PostgreSQL takes the table's own
         * indexes for the parent's where they match.
         */
        void attach(TargetDatabase target, String database, String schema, String table) throws RestoreFailure {
            target.execute(database, "ALTER TABLE " + parent + " ATTACH PARTITION " + qualified(schema, table) + " "
                    + bound);
        }

        private static String qualified(String schema, String table) {
            return TargetDatabase.quote(schema) + "." + TargetDatabase.quote(table);
        }
    }

    /** Renames the table and, so nothing clashes in the target's schema, its indexes and owned sequences. */
    private static void rename(TargetDatabase target, String database, String schema, String table, String newName)
            throws RestoreFailure {
        List<String> statements = new ArrayList<>();
        String qualified = TargetDatabase.quote(schema) + "." + TargetDatabase.quote(table);
        try (Connection c = target.connect(database)) {
            for (String index : names(c, """
                    SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                     WHERE x.indrelid = ?::regclass""", qualified)) {
                statements.add("ALTER INDEX " + TargetDatabase.quote(schema) + "." + TargetDatabase.quote(index)
                        + " RENAME TO " + TargetDatabase.quote(renamed(index, table, newName)));
            }
            for (String sequence : names(c, """
                    SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                     WHERE d.refobjid = ?::regclass AND s.relkind = 'S' AND d.deptype IN ('a', 'i')""", qualified)) {
                statements.add("ALTER SEQUENCE " + TargetDatabase.quote(schema) + "." + TargetDatabase.quote(sequence)
                        + " RENAME TO " + TargetDatabase.quote(renamed(sequence, table, newName)));
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot read table '" + schema + "." + table + "' in the scratch database: "
                    + e.getMessage(), e);
        }
        statements.add("ALTER TABLE " + qualified + " RENAME TO " + TargetDatabase.quote(newName));
        target.execute(database, statements.toArray(String[]::new));
    }

    static String renamed(String name, String table, String newName) {
        String result = name.startsWith(table) ? newName + name.substring(table.length()) : newName + "_" + name;
        return result.length() > MAX_IDENTIFIER ? result.substring(0, MAX_IDENTIFIER) : result;
    }

    private static List<String> names(Connection c, String sql, String arg) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static boolean tableExists(TargetDatabase target, String database, String schema, String table)
            throws RestoreFailure {
        try (Connection c = target.connect(database);
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot read database '" + database + "': " + e.getMessage(), e);
        }
    }

    private static void dropQuietly(TargetDatabase target, String database) {
        try {
            target.drop(database);
        } catch (RestoreFailure e) {
            log.warn("could not drop scratch database '{}': {}", database, e.getMessage());
        }
    }

    private RestoreResult result(TableRestoreRequest request, CatalogueEntry entry, Outcome outcome, String location,
                                 Map<String, Long> rows, String detail) {
        return new RestoreResult(request.restoreId(), entry.backupId(), Method.SINGLE_TABLE, request.targetDatabase()
                + "." + request.schema() + "." + request.restoredName(), request.requestedBy(), outcome, location,
                Duration.between(request.requestedAt(), clock.instant()), policy.rtoOf(properties.asset()), rows,
                detail);
    }
}
