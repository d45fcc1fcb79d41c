package io.lifeboat.restore.logical;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.CopyTextFingerprint;
import io.lifeboat.format.postgres.DumpArchiveScanner.TocEntry;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proof of {@link io.lifeboat.restore.config.RestoreProperties.LogicalProof#SENT_ROWS}: each table's rows are
 * fingerprinted from exactly the COPY text handed to the server (authenticated segment by segment by AES-GCM before
 * it is handed on; the whole dump's SHA-256 is checked against the manifest at its end), and the row count is the
 * one the server acknowledged for the table's COPY. So a table proves equal to the manifest only if the rows sent
 * are the backup's rows, every one, and the server stored as many as were sent. Nothing is read back: that is
 * {@link IncrementalProof}'s.
 */
final class SentRowsProof implements LoadProof {

    private final Map<String, TableFingerprint> proven = new TreeMap<>();
    private TocEntry table;
    private CopyTextFingerprint sent;

    @Override
    public boolean readsCommittedBatches() {
        return false;
    }

    @Override
    public void sent(TocEntry entry, byte[] data, int off, int len) {
        if (table == null || table.dumpId() != entry.dumpId()) {
            table = entry;
            sent = new CopyTextFingerprint();
        }
        sent.update(data, off, len);
    }

    @Override
    public void committed(TocEntry entry, HeapBlocks heap) {
        // the acknowledged rows are counted by the loader and given at the end
    }

    @Override
    public void complete(TocEntry entry, long rows) {
        String hash = table != null && table.dumpId() == entry.dumpId() ? sent.result().contentHash()
                : new CopyTextFingerprint().result().contentHash();
        proven.put(entry.name(), new TableFingerprint(rows, hash));
        table = null;
        sent = null;
    }

    @Override
    public Map<String, TableFingerprint> finish() {
        return new TreeMap<>(proven);
    }

    @Override
    public String describe() {
        return "every row fingerprinted as it was sent to COPY, row counts as the server acknowledged them ("
                + proven.size() + " tables)";
    }

    @Override
    public void close() {
        table = null;
        sent = null;
    }
}
