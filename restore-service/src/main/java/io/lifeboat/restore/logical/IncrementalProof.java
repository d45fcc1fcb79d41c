package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.DumpArchiveScanner.TocEntry;
import io.lifeboat.format.postgres.TableFingerprints;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The proof of {@link io.lifeboat.restore.config.RestoreProperties.LogicalProof#READ_BACK}, and of every restore
 * test: reads back, on a connection and thread of its own, the rows of tables being loaded as each batch of them is
 * committed: after a batch, the heap blocks below the table's size then (less a margin of
 * {@value #MARGIN_BLOCKS} blocks, where the next batch's rows may still be added) hold only committed rows that no
 * later batch touches, and are fingerprinted (TID range scan) while the next batch loads; the rest once the table is
 * complete. The parts combine to the table's fingerprint. A row that a later batch did put into blocks already read
 * (free space recorded by a concurrent vacuum, another server version's placement) makes the table's fingerprint
 * differ, never match wrongly; the caller then reads that table again whole.
 */
final class IncrementalProof implements LoadProof {

    /** 1 MiB of heap: blocks a server may have extended the table by ahead of the rows it placed. */
    static final long MARGIN_BLOCKS = 128;

    private record Step(TocEntry table, long committedBlocks, boolean complete) {
    }

    private static final Step STOP = new Step(null, 0, true);

    private final Connection connection;
    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    /** Written by the reading thread only, read after it has ended. */
    private final Map<String, TableFingerprint> proven = new TreeMap<>();
    private final Thread thread;
    private SQLException failure;
    private int reads;

    IncrementalProof(Connection connection, String database) {
        this.connection = connection;
        this.thread = new Thread(this::run, "restore-proof-" + database);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public boolean readsCommittedBatches() {
        return true;
    }

    @Override
    public void sent(TocEntry table, byte[] data, int off, int len) {
        // what the target holds is read back instead
    }

    @Override
    public void committed(TocEntry table, HeapBlocks heap) throws SQLException {
        steps.add(new Step(table, heap.count(), false));
    }

    @Override
    public void complete(TocEntry table, long rows) {
        steps.add(new Step(table, 0, true));
    }

    @Override
    public Map<String, TableFingerprint> finish() throws SQLException, InterruptedException {
        steps.add(STOP);
        thread.join();
        if (failure != null) {
            throw failure;
        }
        return new TreeMap<>(proven);
    }

    private void run() {
        Map<String, Long> from = new HashMap<>();
        Map<String, List<TableFingerprint>> parts = new HashMap<>();
        try {
            for (Step step; (step = steps.take()) != STOP; ) {
                TocEntry t = step.table();
                long start = from.getOrDefault(t.name(), 0L);
                List<TableFingerprint> read = parts.computeIfAbsent(t.name(), k -> new ArrayList<>());
                if (step.complete()) {
                    read.add(start == 0 ? TableFingerprints.of(connection, t.namespace(), t.tag())
                            : TableFingerprints.ofBlocks(connection, t.namespace(), t.tag(), start, null));
                    proven.put(t.name(), TableFingerprints.combine(read));
                    reads++;
                    parts.remove(t.name());
                    from.remove(t.name());
                } else if (step.committedBlocks() - MARGIN_BLOCKS > start) {
                    long end = step.committedBlocks() - MARGIN_BLOCKS;
                    read.add(TableFingerprints.ofBlocks(connection, t.namespace(), t.tag(), start, end));
                    from.put(t.name(), end);
                    reads++;
                }
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new SQLException("reading back the loaded rows was stopped", e);
        }
    }

    @Override
    public String describe() {
        return "read back in " + reads + " reads as their batches committed";
    }

    @Override
    public void close() {
        thread.interrupt();
        steps.clear();
        steps.add(STOP);
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the connection is dropped with the load; nothing to report
        }
    }
}
