package io.lifeboat.backup.dump;

/** A dump could not be taken. {@link Kind} separates an unreachable database from a failing pg_dump. */
public final class DumpFailure extends Exception {

    /** Why a dump failed. */
    public enum Kind {
        DATABASE_UNREACHABLE, DUMP_FAILED
    }

    private final Kind kind;

    public DumpFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public DumpFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
