package io.lifeboat.schemas.dedupe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent event ids a consumer has handled, bounded so memory stays flat. A redelivery older than the
 * window is handled again, which is why handlers are also idempotent in what they do.
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

    /** True the first time {@code eventId} is offered, false for every repeat within the window. */
    public synchronized boolean firstDelivery(String eventId) {
        return seen.putIfAbsent(eventId, Boolean.TRUE) == null;
    }
}
