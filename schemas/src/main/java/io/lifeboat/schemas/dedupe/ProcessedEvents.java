package io.lifeboat.schemas.dedupe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent event ids a consumer has finished handling, bounded so memory stays flat. A redelivery older than
 * the window is handled again, which is why handlers are also idempotent in what they do.
 */
public final class ProcessedEvents {

    private final Map<String, Boolean> seen;

    public ProcessedEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when handling of {@code eventId} already finished within the window. */
    public synchronized boolean handled(String eventId) {
        return seen.containsKey(eventId);
    }

    /**
     * Remembers {@code eventId} once its handling finished. Call it after the work, never before: a handler that
     * throws is retried by the container and must then run again, not be skipped as a duplicate.
     */
    public synchronized void markHandled(String eventId) {
        seen.put(eventId, Boolean.TRUE);
    }
}
