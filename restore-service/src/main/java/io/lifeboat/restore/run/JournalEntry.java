package io.lifeboat.restore.run;

import io.lifeboat.restore.run.RestoreResult.Method;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the restore journal keeps of an accepted restore until its result is reported: enough to report it as
 * interrupted, and to undo what it may have half done, if the service dies first.
 *
 * @param undo     what a half-done run of this restore leaves that must go
 * @param leftover what {@code undo} applies to: a database name on the target server, or a data directory
 * @param staged   a table the restore creates in a live database under a temporary name before it swaps it in (a
 *                 single-table restore); dropped by the undo as well, since a restore that died between restoring
 *                 and swapping would leave it there for good
 */
public record JournalEntry(String restoreId, String backupId, Method method, String target, String requestedBy,
                           Instant requestedAt, Undo undo, String leftover, Optional<StagedTable> staged) {

    /**
     * A table restored under a temporary name: {@code table} in {@code schema} of {@code database} on the target
     * server. The name must be one only this restore uses, since the undo drops whatever table has it.
     */
    public record StagedTable(String database, String schema, String table) {

        public StagedTable {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(table, "table");
        }
    }

    /** An entry for a restore that stages no table. */
    public JournalEntry(String restoreId, String backupId, Method method, String target, String requestedBy,
                        Instant requestedAt, Undo undo, String leftover) {
        this(restoreId, backupId, method, target, requestedBy, requestedAt, undo, leftover, Optional.empty());
    }

    /** How to undo a half-done restore. */
    public enum Undo {
        /**
         * Drop the database named by {@code leftover} on the target server, if it exists and this restore created
         * it (it carries the restore's mark, see {@link io.lifeboat.restore.postgres.TargetDatabase#createdBy}).
         */
        DROP_DATABASE,
        /**
         * Stop the server in the data directory {@code leftover} and remove the directory, if the restore got as far
         * as writing its recovery settings there (a data directory it never touched is left alone).
         */
        REMOVE_RECOVERING_DATA_DIRECTORY
    }

    public JournalEntry {
        Objects.requireNonNull(restoreId, "restoreId");
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(undo, "undo");
        Objects.requireNonNull(leftover, "leftover");
        Objects.requireNonNull(staged, "staged");
    }
}
