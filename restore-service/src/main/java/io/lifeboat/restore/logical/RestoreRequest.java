package io.lifeboat.restore.logical;

import java.time.Instant;
import java.util.regex.Pattern;

/** A request to restore {@code backupId} into a new database {@code targetDatabase}. */
public record RestoreRequest(String restoreId, String backupId, String targetDatabase, String requestedBy,
                             Instant requestedAt) {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public RestoreRequest {
        if (!DATABASE_NAME.matcher(targetDatabase).matches()) {
            throw new IllegalArgumentException("target database '" + targetDatabase
                    + "' is not a valid name (lower-case letters, digits and '_', at most 63)");
        }
    }
}
