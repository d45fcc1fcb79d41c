package io.lifeboat.restore.pitr;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Restore a base backup plus WAL up to {@code target} into {@code dataDirectory} and start it on {@code port}.
 *
 * @param backupId a DATABASE_BASE backup; empty for the newest one that ends before the target
 * @param force    replace a non-empty data directory (never one a server runs in)
 */
public record PitrRequest(String restoreId, Optional<String> backupId, RecoveryTarget target, Path dataDirectory,
                          int port, boolean force, String requestedBy, Instant requestedAt) {

    public PitrRequest {
        if (!dataDirectory.isAbsolute()) {
            throw new IllegalArgumentException("data directory '" + dataDirectory + "' must be an absolute path");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside [1, 65535]");
        }
    }
}
