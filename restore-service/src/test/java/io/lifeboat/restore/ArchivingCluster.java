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
