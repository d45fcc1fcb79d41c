package io.lifeboat.restore.postgres;

import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.postgres.TableFingerprints.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fingerprints of every table of a database that nobody writes to (a restored one), computed by several connections
 * at once: a table of at least {@value #MIN_BLOCKS_PER_PART} blocks per connection is split into one block range per
 * connection, the parts (largest first) go to whichever connection is free, and each table's parts are combined.
 * The result equals {@link TableFingerprints#of(Connection)}.
 */
final class ParallelFingerprints {

    /** 8 MiB of heap: below this a table is read whole by one connection. */
    static final long MIN_BLOCKS_PER_PART = 1024;

    /** Opens a connection to the database being fingerprinted. */
    interface Connections {
        Connection open() throws SQLException;
    }

    private record Part(Table table, long from, Long to, long blocks) {
    }

    private ParallelFingerprints() {
    }

    static Map<String, TableFingerprint> of(Connections connections, int parallelism) throws SQLException {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        List<Part> parts = new ArrayList<>();
        try (Connection c = connections.open()) {
            for (Table t : TableFingerprints.tables(c)) {
                long blocks = t.blocks();
                if (parallelism > 1 && blocks >= MIN_BLOCKS_PER_PART * parallelism) {
                    long step = blocks / parallelism;
                    for (int i = 0; i < parallelism; i++) {
                        parts.add(new Part(t, i * step, i == parallelism - 1 ? null : (i + 1) * step, step));
                    }
                } else {
                    parts.add(new Part(t, 0, null, blocks));
                }
            }
        }
        parts.sort(Comparator.comparingLong(Part::blocks).reversed());
        ConcurrentLinkedQueue<Part> queue = new ConcurrentLinkedQueue<>(parts);
        Map<Part, TableFingerprint> results = new java.util.concurrent.ConcurrentHashMap<>();
        int workers = Math.min(parallelism, Math.max(1, parts.size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread thread = new Thread(r, "restored-fingerprints");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(pool.submit(() -> {
                    try (Connection c = connections.open()) {
                        for (Part p; (p = queue.poll()) != null; ) {
                            results.put(p, p.from() == 0 && p.to() == null
                                    ? TableFingerprints.of(c, p.table().schema(), p.table().table())
                                    : TableFingerprints.ofBlocks(c, p.table().schema(), p.table().table(),
                                    p.from(), p.to()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            queue.clear();
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException("fingerprinting failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while fingerprinting", e);
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<TableFingerprint>> byTable = new TreeMap<>();
        for (Part p : parts) {
            byTable.computeIfAbsent(p.table().name(), k -> new ArrayList<>()).add(results.get(p));
        }
        Map<String, TableFingerprint> combined = new TreeMap<>();
        byTable.forEach((table, fingerprints) -> combined.put(table, TableFingerprints.combine(fingerprints)));
        return combined;
    }
}
