package io.lifeboat.restore.table;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Restore {@code schema.table} as it was before {@code before} into {@code targetDatabase}, as {@code newName} (in
 * the same schema) or under its own name. Under its own name an existing table is only replaced when
 * {@code force} is set.
 *
 * @param source the backed-up database to take the dump of; empty for any
 */
public record TableRestoreRequest(String restoreId, String schema, String table, Optional<String> newName,
                                  Instant before, Optional<String> source, String targetDatabase, boolean force,
                                  String requestedBy, Instant requestedAt) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public TableRestoreRequest {
        for (String name : new String[] {schema, table, targetDatabase, newName.orElse(table)}) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid name (lower-case letters, digits"
                        + " and '_', at most 63)");
            }
        }
    }

    /** The name the table gets in the target. */
    public String restoredName() {
        return newName.orElse(table);
    }

    public String qualified() {
        return schema + "." + table;
    }
}
