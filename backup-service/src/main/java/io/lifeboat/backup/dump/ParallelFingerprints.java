package io.lifeboat.backup.dump;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.postgres.TableFingerprints.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Table fingerprints computed by several connections in one snapshot: a table of at least {@value #MIN_BLOCKS_PER_PART}
 * blocks per connection is split into as many block ranges (the last one open-ended, since the block count is an
 * estimate), smaller tables go whole to one connection each in turn; parts are combined per table.
 */
final class ParallelFingerprints {

    static final long MIN_BLOCKS_PER_PART = 128;

    /** Opens a connection that sees the snapshot. */
    interface SnapshotConnections {
        Connection open() throws SQLException;
    }

    private record Part(Table table, long from, Long to) {
    }

    private ParallelFingerprints() {
    }

    static Map<String, TableFingerprint> of(Connection exporting, SnapshotConnections connections, int parallelism)
            throws SQLException {
        List<Table> tables = TableFingerprints.tables(exporting);
        List<List<Part>> work = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            work.add(new ArrayList<>());
        }
        int next = 0;
        for (Table t : tables) {
            if (t.estimatedBlocks() >= MIN_BLOCKS_PER_PART * parallelism) {
                long step = t.estimatedBlocks() / parallelism;
                for (int i = 0; i < parallelism; i++) {
                    work.get(i).add(new Part(t, i * step, i == parallelism - 1 ? null : (i + 1) * step));
                }
            } else {
                work.get(next++ % parallelism).add(new Part(t, 0, null));
            }
        }
        List<Connection> opened = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism - 1, r -> {
            Thread thread = new Thread(r, "table-fingerprints-part");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Map<Part, TableFingerprint>>> futures = new ArrayList<>();
            for (int i = 1; i < parallelism; i++) {
                Connection c = connections.open();
                opened.add(c);
                List<Part> parts = work.get(i);
                futures.add(pool.submit(() -> compute(c, parts)));
            }
            Map<Part, TableFingerprint> results = new java.util.HashMap<>(compute(exporting, work.get(0)));
            for (Future<Map<Part, TableFingerprint>> f : futures) {
                results.putAll(f.get());
            }
            Map<String, TableFingerprint> combined = new TreeMap<>();
            for (Table t : tables) {
                combined.put(t.name(), TableFingerprints.combine(results.entrySet().stream()
                        .filter(e -> e.getKey().table().equals(t)).map(Map.Entry::getValue).toList()));
            }
            return combined;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("fingerprinting failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while fingerprinting", e);
        } finally {
            pool.shutdownNow();
            opened.forEach(DatabaseSnapshot::closeQuietly);
        }
    }

    private static Map<Part, TableFingerprint> compute(Connection c, List<Part> parts) throws SQLException {
        Map<Part, TableFingerprint> out = new java.util.HashMap<>();
        for (Part p : parts) {
            out.put(p, p.from() == 0 && p.to() == null
                    ? TableFingerprints.of(c, p.table().schema(), p.table().table())
                    : TableFingerprints.ofBlocks(c, p.table().schema(), p.table().table(), p.from(), p.to()));
        }
        return out;
    }
}
