package io.lifeboat.verify.wal;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each WAL segment was first seen in the archive. Storage listings carry no times, so the arrival of a segment
 * is the first listing that shows it (at most one monitoring interval late). Segments already stored when this
 * instance starts are stamped with the start-up listing, so a restart cannot hide a breach for longer than the RPO
 * itself. Thread-safe.
 */
public final class RecoveryPoints {

    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    /** Records the segments listed at {@code at}; returns how many were new. */
    public int seen(Collection<String> segmentNames, Instant at) {
        int added = 0;
        for (String name : segmentNames) {
            if (firstSeen.putIfAbsent(name, at) == null) {
                added++;
            }
        }
        return added;
    }

    /** When the newest WAL segment arrived. */
    public Optional<Instant> newestSegmentArrival() {
        return firstSeen.values().stream().max(Instant::compareTo);
    }

    public int segments() {
        return firstSeen.size();
    }
}
