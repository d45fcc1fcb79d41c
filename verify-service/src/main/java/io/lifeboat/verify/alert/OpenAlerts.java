package io.lifeboat.verify.alert;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The alerts raised and not yet resolved, by id. Thread-safe. */
public final class OpenAlerts {

    private final Map<String, Alert> open = new ConcurrentHashMap<>();

    /** Opens {@code alert}; true if it was not open already (then it must be published). */
    public boolean open(Alert alert) {
        return open.putIfAbsent(alert.alertId(), alert) == null;
    }

    /** Closes the alert with {@code alertId}; the alert if it was open (then its resolution must be published). */
    public Optional<Alert> close(String alertId) {
        return Optional.ofNullable(open.remove(alertId));
    }

    /** Forgets an alert whose AlertRaised could not be sent, so the next evaluation raises it again. */
    public void forget(String alertId) {
        open.remove(alertId);
    }

    public boolean isOpen(String alertId) {
        return open.containsKey(alertId);
    }

    /** Open alert ids whose rule is {@code rule}. */
    public List<String> idsOfRule(String rule) {
        return open.values().stream().filter(a -> a.rule().equals(rule)).map(Alert::alertId).toList();
    }

    public Collection<Alert> all() {
        return List.copyOf(open.values());
    }
}
