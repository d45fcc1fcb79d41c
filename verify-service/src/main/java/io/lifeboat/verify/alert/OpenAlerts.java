package io.lifeboat.verify.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The alerts raised and not yet resolved, by id. Thread-safe. Each change carries its time, so a replay of the
 * alert topics at start-up rebuilds the state and a replayed event older than what is known already is ignored.
 */
public final class OpenAlerts {

    private final Map<String, Alert> open = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();

    /** Opens {@code alert} at {@code at}; true if it was not open already (then it must be published). */
    public synchronized boolean open(Alert alert, Instant at) {
        if (open.putIfAbsent(alert.alertId(), alert) != null) {
            return false;
        }
        lastChange.put(alert.alertId(), at);
        return true;
    }

    /** Closes the alert with {@code alertId} at {@code at}; the alert if it was open (then it must be published). */
    public synchronized Optional<Alert> close(String alertId, Instant at) {
        Alert closed = open.remove(alertId);
        if (closed != null) {
            lastChange.put(alertId, at);
        }
        return Optional.ofNullable(closed);
    }

    /** Forgets an alert whose AlertRaised could not be sent, so the next evaluation raises it again. */
    public synchronized void forget(String alertId) {
        open.remove(alertId);
        lastChange.remove(alertId);
    }

    /** An AlertRaised from the log: opens the alert unless a newer change is known. */
    public synchronized void replayRaised(Alert alert, Instant at) {
        if (isNewer(alert.alertId(), at)) {
            open.put(alert.alertId(), alert);
            lastChange.put(alert.alertId(), at);
        }
    }

    /** An AlertResolved from the log: closes the alert unless a newer change is known. */
    public synchronized void replayResolved(String alertId, Instant at) {
        if (isNewer(alertId, at)) {
            open.remove(alertId);
            lastChange.put(alertId, at);
        }
    }

    public boolean isOpen(String alertId) {
        return open.containsKey(alertId);
    }

    public Collection<Alert> all() {
        return List.copyOf(open.values());
    }

    private boolean isNewer(String alertId, Instant at) {
        Instant known = lastChange.get(alertId);
        return known == null || at.isAfter(known);
    }
}
