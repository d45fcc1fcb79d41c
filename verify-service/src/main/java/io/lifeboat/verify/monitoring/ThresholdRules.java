package io.lifeboat.verify.monitoring;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.Policy.Rule;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.verify.alert.Alert;
import io.lifeboat.verify.location.StorageUse;
import io.lifeboat.verify.monitoring.Observations.BackupFact;
import io.lifeboat.verify.monitoring.Observations.FailureFact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of policy 10.1 and 3.1 as a pure function: {@link #evaluate} returns every condition that breaks a rule
 * now. Thresholds are exclusive: a value exactly at the threshold does not fire.
 * <ul>
 *   <li>backup failure: a failed attempt with no later completed backup of the same data type</li>
 *   <li>size anomaly: the newest backup of a data type is more than the threshold off the average of the up to
 *   {@value #TRAILING} backups of that type before it; not WAL segments, whose sizes differ by design</li>
 *   <li>backup age: the newest backup of a data type is older than the threshold</li>
 *   <li>storage capacity: a location's use is above the threshold</li>
 *   <li>RPO: now minus the newest recoverable point is above the objective</li>
 * </ul>
 */
public final class ThresholdRules {

    public static final String SIZE_ANOMALY = "SIZE_ANOMALY";
    public static final String BACKUP_AGE = "BACKUP_AGE";
    public static final String STORAGE_CAPACITY = "STORAGE_CAPACITY";
    public static final String RPO = "RPO";
    /** The rules this evaluator decides; open alerts of these rules that it no longer returns are resolved. */
    public static final Set<String> RULES = Set.of(AlertIds.BACKUP_FAILED, SIZE_ANOMALY, BACKUP_AGE,
            STORAGE_CAPACITY, RPO);
    /** How many earlier backups of the same data type the size rule averages. */
    public static final int TRAILING = 7;
    /** Continuous WAL is judged by the RPO rule, not by the age of a daily backup. */
    private static final Set<String> NOT_AGED = Set.of("WAL");
    /**
     * A stored WAL segment's size follows how much WAL it holds and how well that compresses: a segment closed by a
     * forced switch (archive_timeout, a base backup) is nearly empty, a busy one is not. Their sizes are not
     * comparable, so the size rule would warn about most segments; the WAL chain check covers WAL instead.
     */
    private static final Set<String> NOT_SIZED = Set.of("WAL");

    private final Policy.Monitoring monitoring;
    private final Duration rpo;

    public ThresholdRules(Policy.Monitoring monitoring, Duration rpo) {
        this.monitoring = monitoring;
        this.rpo = rpo;
    }

    public List<Alert> evaluate(Observations now) {
        List<Alert> alerts = new ArrayList<>();
        Map<String, List<BackupFact>> byType = now.backups().stream()
                .sorted(Comparator.comparing(BackupFact::completedAt).thenComparing(BackupFact::backupId))
                .collect(Collectors.groupingBy(BackupFact::dataType));
        failures(now, byType, alerts);
        byType.forEach((type, backups) -> {
            size(type, backups, alerts);
            age(now, type, backups.get(backups.size() - 1), alerts);
        });
        for (StorageUse use : now.storage()) {
            capacity(use, alerts);
        }
        rpo(now, alerts);
        alerts.sort(Comparator.comparing(Alert::alertId));
        return alerts;
    }

    private void failures(Observations now, Map<String, List<BackupFact>> byType, List<Alert> alerts) {
        Rule rule = monitoring.backupFailure();
        for (FailureFact failure : now.failures()) {
            boolean superseded = byType.getOrDefault(failure.dataType(), List.of()).stream()
                    .anyMatch(b -> b.completedAt().isAfter(failure.failedAt()));
            if (!superseded) {
                alerts.add(new Alert(AlertIds.backupFailed(failure.backupId()), AlertIds.BACKUP_FAILED,
                        rule.severity(), "backup " + failure.backupId() + " (" + failure.dataType() + ")",
                        "backup " + failure.backupId() + " failed", failure.detail(),
                        "no failed backup (policy 10.1)", rule.runbook()));
            }
        }
    }

    private void size(String type, List<BackupFact> backups, List<Alert> alerts) {
        Rule rule = monitoring.sizeAnomaly();
        if (NOT_SIZED.contains(type) || backups.size() < 2 || rule.percent().isEmpty()) {
            return;
        }
        BackupFact newest = backups.get(backups.size() - 1);
        List<BackupFact> before = backups.subList(Math.max(0, backups.size() - 1 - TRAILING), backups.size() - 1);
        double average = before.stream().mapToLong(BackupFact::storedBytes).average().orElse(0);
        if (average <= 0) {
            return;
        }
        double offPercent = Math.abs(newest.storedBytes() - average) * 100.0 / average;
        double threshold = rule.percent().get();
        if (offPercent > threshold) {
            alerts.add(new Alert(SIZE_ANOMALY + ":" + newest.backupId(), SIZE_ANOMALY, rule.severity(),
                    "backup " + newest.backupId() + " (" + type + ")",
                    "backup size is " + percent(offPercent) + " off the trailing average of " + type,
                    newest.storedBytes() + " bytes, " + percent(offPercent) + " off the average of "
                            + Math.round(average) + " bytes over " + before.size() + " backup(s)",
                    "at most " + percent(threshold) + " off the trailing average", rule.runbook()));
        }
    }

    private void age(Observations now, String type, BackupFact newest, List<Alert> alerts) {
        Rule rule = monitoring.backupAge();
        if (NOT_AGED.contains(type) || rule.duration().isEmpty()) {
            return;
        }
        Duration age = Duration.between(newest.completedAt(), now.now());
        if (age.compareTo(rule.duration().get()) > 0) {
            alerts.add(new Alert(BACKUP_AGE + ":" + type, BACKUP_AGE, rule.severity(), "data type " + type,
                    "the newest " + type + " backup is " + human(age) + " old",
                    human(age) + " since backup " + newest.backupId(),
                    "at most " + human(rule.duration().get()), rule.runbook()));
        }
    }

    private void capacity(StorageUse use, List<Alert> alerts) {
        Rule rule = monitoring.storageCapacity();
        if (rule.percent().isEmpty() || use.capacityBytes() <= 0) {
            return;
        }
        if (use.percent() > rule.percent().get()) {
            alerts.add(new Alert(STORAGE_CAPACITY + ":" + use.location(), STORAGE_CAPACITY, rule.severity(),
                    "location " + use.location(), "storage location '" + use.location() + "' is "
                    + percent(use.percent()) + " full", percent(use.percent()) + " (" + use.usedBytes() + " of "
                    + use.capacityBytes() + " bytes)", "at most " + percent(rule.percent().get()), rule.runbook()));
        }
    }

    private void rpo(Observations now, List<Alert> alerts) {
        Rule rule = monitoring.rpo();
        now.newestRecoverablePoint().ifPresent(point -> {
            Duration achieved = Duration.between(point, now.now());
            if (achieved.compareTo(rpo) > 0) {
                alerts.add(new Alert(RPO + ":database", RPO, rule.severity(), "database",
                        "achieved RPO " + human(achieved) + " is above the objective " + human(rpo),
                        human(achieved) + " since the newest recoverable point " + point,
                        "at most " + human(rpo) + " (policy 3.1)", rule.runbook()));
            }
        });
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
    }
}
