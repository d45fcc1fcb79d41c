package io.lifeboat.restore.logical;

import io.lifeboat.format.postgres.DumpArchiveScanner.TocEntry;
import io.lifeboat.restore.postgres.TargetDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Loads tables' COPY text into the target on one connection, one table at a time, as it streams out of the dump;
 * its {@link LoadProof} is told what is sent and committed. For a proof that reads committed batches back
 * ({@link IncrementalProof}), each table goes in batches of about {@value #BATCH_BYTES} bytes (tests give fewer) cut
 * at row ends, each batch one {@code COPY} committed on its own, so that a batch is read while the next one loads.
 * Otherwise each table is one {@code COPY} in one transaction that first truncates the (empty) table, as
 * {@code pg_restore -j} does: the table is then new in the transaction and the server skips looking for free space
 * in it. The session is set up the way pg_restore sets up its own.
 */
final class TableLoader implements AutoCloseable {

    static final int BATCH_BYTES = 16 * 1024 * 1024;
    private static final int BUFFER_BYTES = 256 * 1024;
    /** pg_restore's session settings; the dump's text is UTF-8 (pg_dump -E UTF8), as pgjdbc's session is. */
    private static final String[] SESSION = {"SET statement_timeout = 0", "SET lock_timeout = 0",
            "SET idle_in_transaction_session_timeout = 0", "SET standard_conforming_strings = on",
            "SELECT pg_catalog.set_config('search_path', '', false)", "SET check_function_bodies = false",
            "SET xmloption = content", "SET client_min_messages = warning", "SET row_security = off",
            // a batch is durable once the restore's last commit (post-data) is: a crash fails the restore anyway
            "SET synchronous_commit = off"};

    private final Connection connection;
    private final CopyManager copies;
    private final LoadProof proof;
    private final int batchBytes;
    /** Whether each batch is committed on its own; otherwise a table is one transaction. */
    private final boolean batchCommits;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int fill;
    private TocEntry table;
    private CopyIn copy;
    private long batchWritten;
    private long rows;

    TableLoader(Connection connection, LoadProof proof, int batchBytes) throws SQLException {
        if (batchBytes < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchBytes);
        }
        this.batchBytes = batchBytes;
        this.connection = connection;
        this.copies = connection.unwrap(PGConnection.class).getCopyAPI();
        this.proof = proof;
        this.batchCommits = proof.readsCommittedBatches();
        try (Statement s = connection.createStatement()) {
            for (String sql : SESSION) {
                s.execute(sql);
            }
        }
        connection.setAutoCommit(batchCommits);
    }

    /** {@code entry}'s data begins. */
    void start(TocEntry entry) throws SQLException {
        if (table != null) {
            throw new IllegalStateException("table " + table.name() + " is still loading");
        }
        table = entry;
        rows = 0;
        if (!batchCommits) {
            // only an empty table: a COPY may name another table than its entry (pg_dump's load via partition
            // root), whose rows must not be lost to a truncation
            String qualified = TargetDatabase.quote(entry.namespace()) + "." + TargetDatabase.quote(entry.tag());
            try (Statement s = connection.createStatement()) {
                boolean empty;
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM ONLY " + qualified + " LIMIT 1")) {
                    empty = !rs.next();
                }
                if (empty) {
                    s.execute("TRUNCATE TABLE ONLY " + qualified);
                }
            }
        }
    }

    void write(byte[] data, int off, int len) throws SQLException {
        proof.sent(table, data, off, len);
        while (len > 0) {
            int n = Math.min(len, buffer.length - fill);
            System.arraycopy(data, off, buffer, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == buffer.length) {
                flush();
            }
        }
    }

    /** Hands the buffer to COPY; past the batch size, up to its last row end, and commits that batch. */
    private void flush() throws SQLException {
        if (copy == null) {
            copy = copies.copyIn(copyStatement(table));
            batchWritten = 0;
        }
        if (batchCommits && batchWritten + fill >= batchBytes) {
            int cut = lastRowEnd();
            if (cut > 0) {
                copy.writeToCopy(buffer, 0, cut);
                commitBatch();
                System.arraycopy(buffer, cut, buffer, 0, fill - cut);
                fill -= cut;
                return;
            }
        }
        copy.writeToCopy(buffer, 0, fill);
        batchWritten += fill;
        fill = 0;
    }

    private int lastRowEnd() {
        for (int i = fill - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    private void commitBatch() throws SQLException {
        rows += copy.endCopy();
        copy = null;
        proof.committed(table, this::heapBlocks);
    }

    /** {@code entry}'s data has ended: the last batch is committed and the proof told. Returns the rows loaded. */
    long end(TocEntry entry) throws SQLException {
        if (table == null || table.dumpId() != entry.dumpId()) {
            throw new IllegalStateException("table " + entry.name() + " is not loading");
        }
        while (fill > 0) {
            flush();
        }
        if (copy != null) {
            rows += copy.endCopy();
            copy = null;
        }
        if (!batchCommits) {
            connection.commit();
        }
        proof.complete(table, rows);
        table = null;
        return rows;
    }

    private long heapBlocks() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint")) {
            s.setString(1, TargetDatabase.quote(table.namespace()) + "." + TargetDatabase.quote(table.tag()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs the dump's own statements (sequence values) on this session, committed; no table may be loading. */
    void runStatements(List<String> statements) throws SQLException {
        if (table != null) {
            throw new IllegalStateException("table " + table.name() + " is still loading");
        }
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** The entry's own COPY statement, without pg_dump's terminating semicolon. */
    static String copyStatement(TocEntry entry) {
        String sql = entry.copyStatement().strip();
        return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
    }

    /** Abandons a COPY in progress (its batch is rolled back) and closes the connection. */
    @Override
    public void close() {
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the connection is closed next
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to undo on it
        }
    }
}
