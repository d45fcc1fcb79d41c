package io.lifeboat.format.postgres;

import java.io.IOException;

/** A pg_dump archive that cannot be read for fingerprints: unsupported, compressed, truncated or malformed. */
public final class DumpArchiveException extends IOException {

    public DumpArchiveException(String message) {
        super("pg_dump archive: " + message);
    }
}
