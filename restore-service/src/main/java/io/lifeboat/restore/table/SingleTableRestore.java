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
import io.lifeboat.restore.run.JournalEntry.StagedTable;
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
                        scratchDatabase(request.restoreId()), Optional.of(new StagedTable(request.targetDatabase(),
                        request.schema(), stagedTable(request.restoreId()))));
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
        String staged = stagedTable(request.restoreId());
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
            Optional<Partition> partition = Partition.of(target, scratch, request.schema(), request.table());
            if (partition.isPresent()) {
                target.execute(scratch, partition.get().detach(request.schema(), request.table()));
            }
            List<String> unstage = stage(target, scratch, request.schema(), request.table(), staged,
                    request.restoredName());
            tableDump = Files.createTempFile(properties.scratchDirectory(), "lifeboat-table-", ".pgdump");
            programs.run(properties.target(), "pg_dump", List.of("-Fc", "-t",
                    TargetDatabase.quote(request.schema()) + "." + TargetDatabase.quote(staged),
                    "-f", tableDump.toString(), "-d", scratch));
            programs.run(properties.target(), "pg_restore", List.of("--no-owner", "--no-privileges",
                    "--exit-on-error", "--single-transaction", "-d", request.targetDatabase(), tableDump.toString()));
            TableFingerprint restored = target.fingerprint(request.targetDatabase(), request.schema(), staged);
            String where = request.schema() + "." + request.restoredName() + " in '" + request.targetDatabase() + "'";
            if (!restored.equals(expected)) {
                return result(request, entry, Outcome.FAILED, location, Map.of(), "restored table " + where
                        + " differs from the backup: " + restored.rows() + " rows, expected " + expected.rows()
                        + "; the target was left as it was");
            }
            String attached = putInPlace(target, request, partition, unstage);
            return result(request, entry, Outcome.SUCCEEDED, location, Map.of(request.schema() + "."
                    + request.restoredName(), restored.rows()), "table " + request.qualified() + " restored as "
                    + where + attached + " from backup " + entry.backupId() + " taken " + entry.startedAt()
                    + "; its fingerprint matches; copy used: " + copy.describe());
        } catch (RestoreFailure | NoIntactCopy | IOException | RuntimeException e) {
            return result(request, entry, Outcome.FAILED, location, Map.of(), e.getMessage());
        } finally {
            BackupCopies.discard(copy);
            dropQuietly(target, scratch);
            dropStagedQuietly(target, request.targetDatabase(), request.schema(), staged);
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
     * The name the restored table has in the target database until its fingerprint is proven and it is put in place;
     * dropped at the end whatever happened, and by the next start of the service if it died meanwhile (the journal
     * entry names it). It must stay unique to the restore: that start drops whatever table has this name.
     */
    static String stagedTable(String restoreId) {
        return "lifeboat_restoring_" + restoreId.replace("-", "").substring(0, 12);
    }

    /**
     * Puts the proven staged table in place in one transaction and says how it was placed: a forced replacement drops
     * the live table (a live partition with it), the staged table, its indexes and sequences take their final names,
     * and a partition restored under its own name is attached to its partitioned table with the bound it had at
     * backup time. Should any step fail (a view depends on the live table, the bound overlaps another partition),
     * nothing of it takes effect: a failed restore leaves the target as it was.
     */
    private String putInPlace(TargetDatabase target, TableRestoreRequest request, Optional<Partition> partition,
                              List<String> unstage) throws RestoreFailure {
        String database = request.targetDatabase();
        String live = TargetDatabase.quote(request.schema()) + "." + TargetDatabase.quote(request.restoredName());
        List<String> statements = new ArrayList<>();
        if (request.force() && request.newName().isEmpty()) {
            statements.add("DROP TABLE IF EXISTS " + live);
        }
        statements.addAll(unstage);
        String placed = "";
        if (partition.isPresent()) {
            Partition p = partition.get();
            if (request.newName().isPresent()) {
                placed = " as a table of its own (a partition of " + p.parent() + " at backup time)";
            } else {
                statements.add(p.attach(request.schema(), request.table()));
                placed = " and attached to " + p.parent() + " again";
            }
        }
        try {
            target.executeAtomically(database, statements.toArray(String[]::new));
        } catch (RestoreFailure e) {
            throw new RestoreFailure("putting restored table " + live + " in place in database '" + database
                    + "' failed, the target was left as it was: " + e.getMessage(), e);
        }
        return placed;
    }

    /** A partition of a partitioned table: its parent (quoted, qualified) and its bound ({@code FOR VALUES ...}). */
    record Partition(String parent, String bound) {

        /**
         * What the table in {@code database} is a partition of, if it is one. In the scratch database it is detached
         * so that it dumps as a table of its own: restored whole beside the live tree, or in place and attached
         * afterwards (a partition attached before its indexes are created would be given the parent's indexes twice).
         */
        static Optional<Partition> of(TargetDatabase target, String database, String schema, String table)
                throws RestoreFailure {
            try (Connection c = target.connect(database);
                 PreparedStatement s = c.prepareStatement("""
                         SELECT quote_ident(n.nspname) || '.' || quote_ident(p.relname),
                                pg_get_expr(t.relpartbound, t.oid)
                           FROM pg_class t JOIN pg_inherits i ON i.inhrelid = t.oid
                           JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
                          WHERE t.oid = to_regclass(?) AND t.relispartition""")) {
                s.setString(1, qualified(schema, table));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Partition(rs.getString(1), rs.getString(2)))
                            : Optional.empty();
                }
            } catch (SQLException e) {
                throw new RestoreFailure("cannot read table '" + schema + "." + table + "' in database '" + database
                        + "': " + e.getMessage(), e);
            }
        }

        /** The statement detaching the table from this parent. */
        String detach(String schema, String table) {
            return "ALTER TABLE " + parent + " DETACH PARTITION " + qualified(schema, table);
        }

        /**
         * The statement attaching the table to this parent with this bound; PostgreSQL takes the table's own indexes
         * for the parent's where they match.
         */
        String attach(String schema, String table) {
            return "ALTER TABLE " + parent + " ATTACH PARTITION " + qualified(schema, table) + " " + bound;
        }

        private static String qualified(String schema, String table) {
            return TargetDatabase.quote(schema) + "." + TargetDatabase.quote(table);
        }
    }

    /**
     * Renames the table to {@code staged} in the scratch database and, so nothing clashes in the target's schema,
     * its indexes and owned sequences after it; returns the statements that give them, once restored in the target,
     * their final names: {@code finalName}, and their own names (renamed after {@code finalName} if it is new).
     */
    private static List<String> stage(TargetDatabase target, String database, String schema, String table,
                                      String staged, String finalName) throws RestoreFailure {
        List<String> statements = new ArrayList<>();
        List<String> unstage = new ArrayList<>();
        String qualified = TargetDatabase.quote(schema) + "." + TargetDatabase.quote(table);
        try (Connection c = target.connect(database)) {
            for (String index : names(c, """
                    SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                     WHERE x.indrelid = ?::regclass""", qualified)) {
                rename("INDEX", schema, index, renamed(index, table, staged),
                        finalName.equals(table) ? index : renamed(index, table, finalName), statements, unstage);
            }
            for (String sequence : names(c, """
                    SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
                     WHERE d.refobjid = ?::regclass AND s.relkind = 'S' AND d.deptype IN ('a', 'i')""", qualified)) {
                rename("SEQUENCE", schema, sequence, renamed(sequence, table, staged),
                        finalName.equals(table) ? sequence : renamed(sequence, table, finalName), statements,
                        unstage);
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot read table '" + schema + "." + table + "' in the scratch database: "
                    + e.getMessage(), e);
        }
        rename("TABLE", schema, table, staged, finalName, statements, unstage);
        target.execute(database, statements.toArray(String[]::new));
        return unstage;
    }

    /** Adds the renaming of {@code kind} {@code name} to {@code staged} and, to undo it, to {@code finalName}. */
    private static void rename(String kind, String schema, String name, String staged, String finalName,
                               List<String> statements, List<String> unstage) {
        String prefix = "ALTER " + kind + " " + TargetDatabase.quote(schema) + ".";
        statements.add(prefix + TargetDatabase.quote(name) + " RENAME TO " + TargetDatabase.quote(staged));
        unstage.add(prefix + TargetDatabase.quote(staged) + " RENAME TO " + TargetDatabase.quote(finalName));
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

    private static void dropStagedQuietly(TargetDatabase target, String database, String schema, String staged) {
        try {
            target.execute(database, "DROP TABLE IF EXISTS " + TargetDatabase.quote(schema) + "."
                    + TargetDatabase.quote(staged));
        } catch (RestoreFailure e) {
            log.warn("could not drop the staged table '{}.{}' in database '{}', drop it by hand: {}", schema, staged,
                    database, e.getMessage());
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
