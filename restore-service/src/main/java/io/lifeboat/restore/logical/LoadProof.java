package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.DumpArchiveScanner.TocEntry;
import java.sql.SQLException;
import java.util.Map;

/**
 * How a streamed load proves, table by table, which rows it put into the target: {@link TableLoader} tells it what
 * it sends and what the server committed, and at the end it gives each table's fingerprint, to be compared with the
 * manifest's.
 */
interface LoadProof extends AutoCloseable {

    /** The heap size of the table being loaded, in blocks, asked only by a proof that needs it. */
    @FunctionalInterface
    interface HeapBlocks {
        long count() throws SQLException;
    }

    /**
     * Whether the proof reads each table back batch by batch, so that the loader must commit every batch on its
     * own; otherwise the loader makes each table one transaction.
     */
    boolean readsCommittedBatches();

    /** {@code len} bytes of {@code table}'s COPY text were handed to the server. */
    void sent(TocEntry table, byte[] data, int off, int len);

    /** A batch of {@code table} is committed; {@code heap} tells its size now. */
    void committed(TocEntry table, HeapBlocks heap) throws SQLException;

    /** {@code table}'s data is all loaded and committed; the server acknowledged {@code rows} rows in all. */
    void complete(TocEntry table, long rows);

    /** Waits for the tables handed over so far and returns their fingerprints, keyed by {@code schema.table}. */
    Map<String, TableFingerprint> finish() throws SQLException, InterruptedException;

    /** What was proven and how, for the result's detail; after {@link #finish()}. */
    String describe();

    /** Stops (a failed or reset load) and releases what it holds. */
    @Override
    void close();
}
