package io.lifeboat.backup.wal;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.Severity;
import io.lifeboat.schemas.alert.AlertIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two alert rules of WAL streaming, each raised once while its condition persists and resolved once when it
 * clears:
 * <ul>
 *   <li>{@value #LAG_RULE} (WARNING): the slot is more than {@code lag-alert-bytes} behind the server. The policy
 *   has no threshold for this; it warns before the RPO rule (which verify-service judges) breaks, and points to the
 *   policy's RPO runbook step, which starts with checking WAL streaming.</li>
 *   <li>{@value #RECEIVER_RULE} (the policy's backup-failure severity, CRITICAL): pg_receivewal failed to start
 *   {@code failed-starts-alert} times in a row; resolved once a run is stable.</li>
 * </ul>
 * Which alerts are open is kept in a small file in the spool, so a restart neither raises a persisting condition a
 * second time nor forgets to resolve one that cleared meanwhile. An alert that could not be announced stays closed
 * and is tried again on the next evaluation.
 */
final class StreamingAlerts {

    static final String LAG_RULE = AlertIds.WAL_STREAMING_LAG;
    static final String RECEIVER_RULE = AlertIds.WAL_RECEIVER_DOWN;
    static final String STATE_FILE = "lifeboat-open-alerts";
    private static final Logger log = LoggerFactory.getLogger(StreamingAlerts.class);

    private final WalProperties wal;
    private final Policy.Monitoring monitoring;
    private final WalAlertReporter reporter;
    private final String slotKey;
    private final String subject;
    private final Path stateFile;
    private final Map<String, WalAlert> open = new LinkedHashMap<>();

    StreamingAlerts(WalProperties wal, BackupProperties.Database db, Policy.Monitoring monitoring,
                    WalAlertReporter reporter) {
        this.wal = wal;
        this.monitoring = monitoring;
        this.reporter = reporter;
        this.slotKey = wal.slot() + "@" + db.host() + ":" + db.port();
        this.subject = "WAL streaming of slot '" + wal.slot() + "' from " + db.host() + ":" + db.port();
        this.stateFile = wal.spool().resolve(STATE_FILE);
        load();
    }

    String lagAlertId() {
        return AlertIds.walStreamingLag(slotKey);
    }

    String receiverAlertId() {
        return AlertIds.walReceiverDown(slotKey);
    }

    /** Judges the receiver's health: raises after too many failed starts, resolves once a run is stable. */
    synchronized void receiver(WalReceiver.Health health) {
        resolveUnwatched();
        if (health.failedStarts() >= wal.failedStartsAlert()) {
            Policy.Rule rule = monitoring.backupFailure();
            String last = health.lastFailure().length() > 300 ? health.lastFailure().substring(0, 300) + "..."
                    : health.lastFailure();
            raise(new WalAlert(receiverAlertId(), RECEIVER_RULE, rule.severity(), subject,
                    "pg_receivewal failed to start " + health.failedStarts() + " times in a row; WAL is not streamed",
                    health.failedStarts() + " failed starts in a row; last: " + last,
                    "fewer than " + wal.failedStartsAlert()
                            + " failed starts in a row (lifeboat.backup.wal.failed-starts-alert)",
                    rule.runbook()));
        } else if (health.streaming()) {
            resolve(receiverAlertId(), "pg_receivewal streams again");
        }
    }

    /** Judges the slot's lag, in bytes the server wrote that the slot has not received. */
    synchronized void lag(long lagBytes) {
        if (lagBytes > wal.lagAlertBytes()) {
            raise(new WalAlert(lagAlertId(), LAG_RULE, Severity.WARNING, subject,
                    "WAL streaming is " + bytes(lagBytes) + " behind the server on slot '" + wal.slot() + "'",
                    lagBytes + " bytes (" + bytes(lagBytes) + ") behind the server",
                    "at most " + wal.lagAlertBytes() + " bytes (" + bytes(wal.lagAlertBytes())
                            + ") behind (lifeboat.backup.wal.lag-alert-bytes)",
                    monitoring.rpo().runbook()));
        } else {
            resolve(lagAlertId(), lagBytes + " bytes (" + bytes(lagBytes) + ") behind the server");
        }
    }

    /** The ids of the alerts open now. */
    synchronized List<String> openIds() {
        return List.copyOf(open.keySet());
    }

    private void raise(WalAlert alert) {
        if (open.containsKey(alert.alertId())) {
            return;
        }
        try {
            reporter.raised(alert);
        } catch (RuntimeException e) {
            log.error("alert {} could not be raised, trying again on the next round: {}", alert.alertId(),
                    e.getMessage());
            return;
        }
        log.warn("alert {} raised: {} (observed {}, threshold {})", alert.alertId(), alert.summary(),
                alert.observed(), alert.threshold());
        open.put(alert.alertId(), alert);
        save();
    }

    private void resolve(String alertId, String observed) {
        WalAlert alert = open.get(alertId);
        if (alert == null) {
            return;
        }
        try {
            reporter.resolved(alert, observed);
        } catch (RuntimeException e) {
            log.error("alert {} could not be resolved, trying again on the next round: {}", alertId, e.getMessage());
            return;
        }
        log.info("alert {} resolved: {}", alertId, observed);
        open.remove(alertId);
        save();
    }

    /**
     * Reads the alerts a previous run left open. Their content is rebuilt from their id, which names the rule and
     * the slot; one about another slot (the configuration changed) is resolved right away, since nothing watches it.
     */
    private void load() {
        if (!Files.isRegularFile(stateFile)) {
            return;
        }
        List<String> ids;
        try {
            ids = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("open wal alerts cannot be read from '{}' ({}); open conditions will be raised again",
                    stateFile, e.getMessage());
            return;
        }
        for (String id : ids) {
            int colon = id.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String rule = id.substring(0, colon);
            if (!rule.equals(LAG_RULE) && !rule.equals(RECEIVER_RULE)) {
                continue;
            }
            String openSubject = id.endsWith(":" + slotKey) ? subject
                    : "WAL streaming of slot " + id.substring(colon + 1);
            open.put(id, new WalAlert(id, rule, rule.equals(LAG_RULE) ? Severity.WARNING
                    : monitoring.backupFailure().severity(), openSubject, "", "", "", ""));
        }
        resolveUnwatched();
        if (!open.isEmpty()) {
            log.info("wal alerts still open from before the restart: {}", open.keySet());
        }
    }

    /** Resolves open alerts about a slot this instance does not stream (tried again each round until announced). */
    private void resolveUnwatched() {
        for (String id : List.copyOf(open.keySet())) {
            if (!id.equals(lagAlertId()) && !id.equals(receiverAlertId())) {
                resolve(id, "no longer watched: this instance streams slot " + slotKey);
            }
        }
    }

    private void save() {
        try {
            Files.createDirectories(stateFile.getParent());
            Path temp = stateFile.resolveSibling(STATE_FILE + ".tmp");
            Files.write(temp, open.keySet(), StandardCharsets.UTF_8);
            Files.move(temp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("open wal alerts cannot be saved to '{}' ({}); after a restart they may be raised again",
                    stateFile, e.getMessage());
        }
    }

    /** Bytes for people: 1.5 GiB, 320.0 MiB, 12.0 KiB, 17 B. */
    static String bytes(long n) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
