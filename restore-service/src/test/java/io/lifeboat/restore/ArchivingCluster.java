package io.lifeboat.restore;

import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.restore.postgres.ScratchCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/** A source cluster whose archive_command copies every completed WAL segment into {@link #archive()}. */
final class ArchivingCluster implements AutoCloseable {

    private final PostgresCluster pg;
    private final Path archive;

    private ArchivingCluster(PostgresCluster pg, Path archive) {
        this.pg = pg;
        this.archive = archive;
    }

    static ArchivingCluster start(String name) throws Exception {
        Path archive = Files.createTempDirectory("lifeboat-archive-");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScratchCluster.handOver(archive);
        PostgresCluster pg = PostgresCluster.start(name);
        pg.execute("postgres", "ALTER SYSTEM SET archive_mode = on",
                "ALTER SYSTEM SET archive_command = 'cp %p " + archive + "/%f'");
        pg.stop();
        pg.start();
        return new ArchivingCluster(pg, archive);
    }

    PostgresCluster pg() {
        return pg;
    }

    Path archive() {
        return archive;
    }

    /** The server's clock now (for a recovery target between two commits). */
    Instant now(String database) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** The first column of the first row of {@code sql} in database postgres, as text. */
    String query(String sql) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Closes the current segment and waits until archive_command has copied it. */
    /**
     * Ends the current timeline the way a failover or a point-in-time recovery of the source does: the server is
     * restarted into an archive recovery of its own WAL, which ends by choosing a new timeline and archiving its
     * history file. Returns the new timeline once the server accepts writes on it.
     */
    long switchTimeline() throws Exception {
        pg.execute("postgres", "ALTER SYSTEM SET restore_command = 'cp " + archive + "/%f %p'");
        pg.stop();
        Path signal = Files.writeString(pg.dataDirectory().resolve("recovery.signal"), "");
        ScratchCluster.handOver(signal);
        pg.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"f".equals(query("SELECT pg_is_in_recovery()::text").substring(0, 1))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the source never left recovery");
            }
            Thread.sleep(100);
        }
        long timeline = Long.parseLong(query("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16);
        Path history = archive.resolve(String.format("%08X.history", timeline));
        while (!Files.exists(history)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(history + " was never archived");
            }
            Thread.sleep(100);
        }
        return timeline;
    }

    void switchWalAndAwaitArchived() throws Exception {
        String segment;
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
            rs.next();
            segment = rs.getString(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(archive.resolve(segment))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("segment " + segment + " was never archived into " + archive);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        pg.close();
        ScratchCluster.delete(archive);
    }
}
