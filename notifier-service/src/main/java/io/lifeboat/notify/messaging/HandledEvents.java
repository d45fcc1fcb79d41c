package io.lifeboat.notify.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Event ids whose handling finished, bounded so memory stays flat.
 *
 * <p>Unlike {@code io.lifeboat.schemas.dedupe.ProcessedEvents}, which marks an id the moment it is checked, an id
 * is remembered here only after its handling succeeded: a record whose handling threw is retried by the container
 * and must then be handled again, not skipped as a duplicate. Redeliveries older than the window, or seen by
 * another instance after a rebalance, are delivered again; receivers drop them by notification id.
 */
final class HandledEvents {

    private final Map<String, Boolean> ids;

    HandledEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String eventId) {
        return ids.containsKey(eventId);
    }

    synchronized void add(String eventId) {
        ids.put(eventId, Boolean.TRUE);
    }
}
