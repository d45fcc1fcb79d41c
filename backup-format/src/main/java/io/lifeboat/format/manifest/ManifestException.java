package io.lifeboat.format.manifest;

import java.util.Objects;

/**
 * A manifest could not be read or trusted. {@link #kind()} says which: it is invalid (not JSON, an unknown format
 * version, missing fields, or its authentication failed because it was altered), missing, or its master key is
 * unavailable.
 */
public final class ManifestException extends RuntimeException {

    /** Why a manifest could not be read or trusted. */
    public enum Kind {
        /** Not a manifest, an unknown version, or altered after it was written (its MAC does not match). */
        MANIFEST_INVALID,
        /** No manifest under the key: the backup does not exist (or was never committed). */
        MISSING,
        /** The master key that sealed it is unknown, wrong or unreachable, so it cannot be authenticated. */
        KEY_UNAVAILABLE
    }

    private final Kind kind;

    /** An invalid manifest ({@link Kind#MANIFEST_INVALID}). */
    public ManifestException(String message, Throwable cause) {
        this(Kind.MANIFEST_INVALID, message, cause);
    }

    public ManifestException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
