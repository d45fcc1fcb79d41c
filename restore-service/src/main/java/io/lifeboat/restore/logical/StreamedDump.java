package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.DumpArchiveException;
import io.lifeboat.format.postgres.DumpArchiveScanner;
import io.lifeboat.format.postgres.DumpArchiveScanner.Section;
import io.lifeboat.format.postgres.DumpArchiveScanner.TocEntry;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.copy.DestinationFailure;
import io.lifeboat.restore.postgres.ClientPrograms;
import io.lifeboat.restore.postgres.RestoredTables;
import io.lifeboat.restore.postgres.TargetDatabase;
import io.lifeboat.restore.run.RestoreFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A dump restored while it is decrypted: once its table of contents has arrived the database is created and
 * pg_restore makes its schema (pre-data); each table's COPY text is then loaded straight from the stream
 * ({@link TableLoader}) and proven as it goes: hashed as it is sent ({@link SentRowsProof}) or read back batch by
 * batch ({@link IncrementalProof}); at the end the sequence values are set and pg_restore runs the post-data section
 * (indexes, constraints, triggers) with {@code -j N}.
 * Only the table of contents is written to the scratch directory, not the customer data: the dump is held in memory
 * until its table of contents is known (as the scanner holds it, up to its limit), then exactly that is written.
 *
 * <p>A dump this cannot load itself (large objects, another encoding than UTF-8, an archive it cannot read) is
 * written whole into the scratch file instead, with its data offsets, and restored by {@code pg_restore -j N}
 * and every table read back afterwards, whatever the proof asked for. A reset (the copy proved bad at its end,
 * another location is tried) drops the database and starts over.
 */
public final class StreamedDump implements BackupCopies.Sink, DumpArchiveScanner.DataListener, AutoCloseable {

    /** How the dump is restored. */
    enum Route {
        /** Table of contents not read yet. */
        UNDECIDED,
        /** Tables loaded from the stream. */
        STREAMED,
        /** Written whole to the scratch file for pg_restore. */
        WHOLE_FILE
    }

    private static final int BUFFER_BYTES = 256 * 1024;

    private final TargetDatabase target;
    private final RestoreProperties.Target server;
    private final String database;
    private final String restoreId;
    private final int jobs;
    private final ClientPrograms programs;
    private final Path file;
    private final int batchBytes;
    private final LogicalProof proofKind;
    private Route route = Route.UNDECIDED;
    private String wholeFileReason;
    private FileChannel out;
    /** What was read of the dump while its table of contents is not known yet; null once written. */
    private ByteArrayOutputStream head;
    private List<TocEntry> entries = List.of();
    private boolean databaseCreated;
    private TableLoader loader;
    private LoadProof proof;
    private String proofDetail = "";
    private int tablesReadAgain;
    /** Milliseconds of the phases after the stream: the proof's last reads, pg_restore's rest, reading whole. */
    private long schemaMillis;
    private long lastReadsMillis;
    private long postDataMillis;
    private long readAgainMillis;

    /**
     * A load of backup {@code backupId}'s dump into the new database {@code database} on {@code server} (the
     * configured target, or a restore test's scratch cluster), created and marked as restore (or test)
     * {@code restoreId}'s, with {@code properties}' jobs, programs and scratch directory, its rows proven the way
     * {@code proofKind} says.
     */
    public StreamedDump(RestoreProperties properties, RestoreProperties.Target server, String database,
                        String restoreId, String backupId, LogicalProof proofKind) throws IOException {
        this(properties, server, database, restoreId, backupId, proofKind, TableLoader.BATCH_BYTES);
    }

    StreamedDump(RestoreProperties properties, RestoreProperties.Target server, String database, String restoreId,
                 String backupId, LogicalProof proofKind, int batchBytes) throws IOException {
        this.batchBytes = batchBytes;
        this.proofKind = proofKind;
        this.server = server;
        this.target = new TargetDatabase(server);
        this.database = database;
        this.restoreId = restoreId;
        this.jobs = properties.jobs();
        this.programs = new ClientPrograms(properties.pgBinDirectory());
        Files.createDirectories(properties.scratchDirectory());
        this.file = Files.createTempFile(properties.scratchDirectory(), "lifeboat-" + backupId + "-", ".pgdump");
    }

    /** Thrown through the scanner when the target fails, to be told apart from a copy that does not read. */
    private static final class TargetFailed extends IOException {
        TargetFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads the dump: until its table of contents is known the bytes are held in memory (as the scanner holds them),
     * never written, since where the table of contents ends, and the data begins, is not known before; then only the
     * table of contents is written, or, for a dump restored whole, everything.
     */
    @Override
    public void write(ManifestObject object, InputStream plaintext) throws IOException, DestinationFailure {
        reset();
        DumpArchiveScanner scanner = DumpArchiveScanner.streaming(this);
        boolean readable = true;
        head = new ByteArrayOutputStream();
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = plaintext.read(buffer)) >= 0; ) {
                boolean held = route == Route.UNDECIDED;
                if (held) {
                    head.write(buffer, 0, n);
                }
                if (readable) {
                    try {
                        scanner.update(buffer, 0, n);
                    } catch (DumpArchiveException e) {
                        readable = unreadable(e);
                    }
                }
                if (route == Route.WHOLE_FILE) {
                    writeHead(Long.MAX_VALUE);
                    if (!held) {
                        writeFully(buffer, n);
                    }
                }
            }
            if (readable) {
                try {
                    scanner.finish();
                } catch (DumpArchiveException e) {
                    readable = unreadable(e);
                }
            }
            if (route == Route.WHOLE_FILE) {
                writeHead(Long.MAX_VALUE);
                if (readable) {
                    scanner.dataOffsets().writeInto(out);
                }
            }
        } catch (TargetFailed e) {
            throw new DestinationFailure(e.getMessage(), e.getCause());
        } finally {
            head = null;
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }

    /** Writes the first {@code length} bytes held (all of them at most), and holds no more. */
    private void writeHead(long length) throws IOException {
        if (head != null) {
            byte[] held = head.toByteArray();
            head = null;
            writeFully(held, (int) Math.min(length, held.length));
        }
    }

    /** The dump does not parse: before its data, it goes whole to pg_restore; inside its data, the copy is bad. */
    private boolean unreadable(DumpArchiveException e) throws DumpArchiveException {
        if (route == Route.STREAMED) {
            throw e;
        }
        route = Route.WHOLE_FILE;
        wholeFileReason = "its archive was not read (" + e.getMessage() + ")";
        return false;
    }

    private void writeFully(byte[] buffer, int n) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    @Override
    public void tableOfContents(List<TocEntry> toc, long length) throws IOException {
        entries = toc;
        String reason = notStreamable(toc);
        if (reason != null) {
            route = Route.WHOLE_FILE;
            wholeFileReason = reason;
            return;
        }
        route = Route.STREAMED;
        writeHead(length);
        out.close();
        out = null;
        try {
            long t0 = System.nanoTime();
            target.create(database, restoreId);
            databaseCreated = true;
            restore("--section=pre-data");
            schemaMillis = (System.nanoTime() - t0) / 1_000_000;
            proof = proofKind == LogicalProof.READ_BACK ? new IncrementalProof(connect(), database)
                    : new SentRowsProof();
            loader = new TableLoader(connect(), proof, batchBytes);
        } catch (RestoreFailure | SQLException e) {
            throw new TargetFailed("cannot prepare database '" + database + "' on " + server + ": "
                    + e.getMessage(), e);
        }
    }

    /** Why the dump must go whole to pg_restore, or null if its tables can be loaded from the stream. */
    static String notStreamable(List<TocEntry> toc) {
        for (TocEntry e : toc) {
            if ("ENCODING".equals(e.description()) && (e.definition() == null
                    || !e.definition().contains("'UTF8'"))) {
                return "its encoding is not UTF8 (" + (e.definition() == null ? "none" : e.definition().strip())
                        + ")";
            }
            if (e.hasData() && !"TABLE DATA".equals(e.description())) {
                return "it holds " + e.description() + " data";
            }
            if ("TABLE DATA".equals(e.description()) && (e.copyStatement() == null
                    || e.copyStatement().isBlank())) {
                return "table " + e.name() + " has no COPY statement";
            }
        }
        return null;
    }

    @Override
    public void tableDataStarts(TocEntry entry) throws IOException {
        onTarget("preparing table " + entry.name() + " in", () -> loader.start(entry));
    }

    @Override
    public void tableData(byte[] data, int off, int len) throws IOException {
        onTarget("loading table data into", () -> loader.write(data, off, len));
    }

    @Override
    public void tableDataEnds(TocEntry entry) throws IOException {
        onTarget("loading table " + entry.name() + " into", () -> loader.end(entry));
    }

    /** A step of the load on the target. */
    @FunctionalInterface
    private interface TargetStep {
        void run() throws SQLException;
    }

    /** Runs {@code step} when the tables stream; the target failing is {@code what '<database>' failed}. */
    private void onTarget(String what, TargetStep step) throws TargetFailed {
        if (route != Route.STREAMED) {
            return;
        }
        try {
            step.run();
        } catch (SQLException e) {
            throw new TargetFailed(what + " '" + database + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Finishes the restore of a dump {@link #write written} in full and returns the fingerprint of every table of
     * the database, as its proof gave it, with the database's partition trees; {@code expected} (the manifest's)
     * decides which tables read back batch by batch must be read again whole: any that differ, and every partition
     * of a tree with one that differs (a partition read back while its own rows loaded may have been given rows of
     * another one's later). A table the proof did not see (no data in the dump) is read whole.
     */
    public RestoredTables complete(Map<String, TableFingerprint> expected) throws RestoreFailure {
        if (route == Route.WHOLE_FILE) {
            target.create(database, restoreId);
            databaseCreated = true;
            restore("-j", Integer.toString(jobs));
            deleteFile();
            return new RestoredTables(target.fingerprints(database, jobs), target.partitionRoots(database));
        }
        if (route != Route.STREAMED) {
            throw new IllegalStateException("no dump has been written");
        }
        Map<String, TableFingerprint> proven;
        long t0 = System.nanoTime();
        try {
            proven = proof.finish();
            proofDetail = proof.describe();
        } catch (SQLException e) {
            throw new RestoreFailure("cannot prove the rows loaded into '" + database + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailure("interrupted while proving the rows loaded into '" + database + "'", e);
        }
        long t1 = System.nanoTime();
        restOfData();
        restore("--section=post-data", "-j", Integer.toString(jobs));
        deleteFile();
        long t2 = System.nanoTime();
        lastReadsMillis = (t1 - t0) / 1_000_000;
        postDataMillis = (t2 - t1) / 1_000_000;
        Map<String, TableFingerprint> result = new TreeMap<>();
        Map<String, String> roots;
        try (Connection c = connect()) {
            List<TableFingerprints.Table> tables = TableFingerprints.tables(c);
            roots = RestoredTables.partitionRoots(c);
            // a table read back may have been read before all its rows were in place (the read-back's caveat)
            Set<String> readWhole = new HashSet<>();
            for (TableFingerprints.Table t : tables) {
                TableFingerprint fp = proven.get(t.name());
                if (proofKind == LogicalProof.READ_BACK && fp != null && !fp.equals(expected.get(t.name()))) {
                    readWhole.add(roots.getOrDefault(t.name(), t.name()));
                }
            }
            for (TableFingerprints.Table t : tables) {
                TableFingerprint fp = proven.get(t.name());
                // a table without data in the dump, or read back and (or in a partition tree with one that) differs:
                // read whole. Rows sent that differ stay different.
                if (fp == null || readWhole.contains(roots.getOrDefault(t.name(), t.name()))) {
                    fp = TableFingerprints.of(c, t.schema(), t.table());
                    tablesReadAgain++;
                }
                result.put(t.name(), fp);
            }
        } catch (SQLException e) {
            throw new RestoreFailure("cannot fingerprint restored database '" + database + "': " + e.getMessage(), e);
        }
        readAgainMillis = (System.nanoTime() - t2) / 1_000_000;
        return new RestoredTables(result, roots);
    }

    /**
     * Data-section entries other than tables': sequence values are set by running their own statements on the
     * loading session (set up as pg_restore's); should the dump hold any other kind, all of them go to pg_restore,
     * from the table of contents.
     */
    private void restOfData() throws RestoreFailure {
        List<TocEntry> rest = entries.stream().filter(e -> e.section() == Section.DATA
                && !"TABLE DATA".equals(e.description())).toList();
        if (rest.isEmpty()) {
            return;
        }
        if (rest.stream().allMatch(e -> "SEQUENCE SET".equals(e.description()) && e.definition() != null)) {
            try {
                loader.runStatements(rest.stream().map(TocEntry::definition).toList());
                return;
            } catch (SQLException e) {
                throw new RestoreFailure("setting sequence values in '" + database + "' failed: " + e.getMessage(), e);
            }
        }
        String list = rest.stream().map(e -> e.dumpId() + "\n").collect(Collectors.joining());
        Path listFile = null;
        try {
            listFile = Files.createTempFile(file.getParent(), "lifeboat-list-", ".txt");
            Files.writeString(listFile, list);
            restore("-L", listFile.toString());
        } catch (IOException e) {
            throw new RestoreFailure("cannot write pg_restore's list of entries: " + e.getMessage(), e);
        } finally {
            if (listFile != null) {
                try {
                    Files.deleteIfExists(listFile);
                } catch (IOException ignored) {
                    // holds only dump ids
                }
            }
        }
    }

    private void restore(String... selection) throws RestoreFailure {
        List<String> args = new ArrayList<>(List.of("--no-owner", "--no-privileges", "--exit-on-error"));
        args.addAll(List.of(selection));
        args.addAll(List.of("-d", database, file.toString()));
        programs.run(server, "pg_restore", args);
    }

    private Connection connect() throws SQLException {
        return target.connect(database);
    }

    /** How the dump was restored, for the result's detail. */
    public String describe() {
        return switch (route) {
            case STREAMED -> "database and tables made in " + schemaMillis
                    + " ms, rows loaded from the decrypted stream, " + proofDetail + " (the last of it "
                    + lastReadsMillis + " ms, then pg_restore's post-data " + postDataMillis + " ms, "
                    + tablesReadAgain + " tables read whole in " + readAgainMillis + " ms)";
            case WHOLE_FILE -> "restored by pg_restore -j " + jobs + " from a decrypted file because "
                    + wholeFileReason;
            case UNDECIDED -> "nothing restored";
        };
    }

    /** Whether this created the target database (which a failed restore must drop). */
    public boolean databaseCreated() {
        return databaseCreated;
    }

    /** Undoes a partly loaded copy: stops loading, drops the database. */
    @Override
    public void reset() throws IOException {
        stopLoading();
        route = Route.UNDECIDED;
        entries = List.of();
        tablesReadAgain = 0;
        if (databaseCreated) {
            try {
                target.drop(database);
            } catch (RestoreFailure e) {
                throw new IOException("cannot drop the partly loaded database '" + database + "': "
                        + e.getMessage(), e);
            }
            databaseCreated = false;
        }
    }

    private void stopLoading() {
        if (loader != null) {
            loader.close();
            loader = null;
        }
        if (proof != null) {
            proof.close();
            proof = null;
        }
    }

    private void deleteFile() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // swept from the scratch directory at the next start
        }
    }

    /** Stops loading and removes the scratch file; the database, if any, is the caller's to keep or drop. */
    @Override
    public void close() {
        stopLoading();
        deleteFile();
    }
}
