package io.lifeboat.verify.api;

import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.verify.alert.Alert;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.catalogue.AnnouncedBackups;
import io.lifeboat.verify.integrity.BackupVerification;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.integrity.LastChecks;
import io.lifeboat.verify.messaging.AlertPublisher;
import io.lifeboat.verify.messaging.IntegrityEventPublisher;
import io.lifeboat.verify.messaging.ReplayProgress;
import io.lifeboat.verify.monitoring.Monitor;
import io.lifeboat.verify.sweep.IntegritySweep;
import io.lifeboat.verify.wal.WalChain;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/checks}: the state of every check (the backups this instance knows, each copy's newest verification, the WAL chains, the
 * monitoring rules that hold, open alerts, the sweep's budget, whether the replayed topics are read back: monitoring
 * publishes nothing before). {@code POST /api/verifications/{backupId}}: verify
 * one backup's copies now; {@code POST /api/verifications}: verify every retained copy and WAL chain now, whatever
 * the budget; {@code POST /api/sweeps}: run the daily sweep now (due copies within today's budget);
 * {@code POST /api/monitoring/evaluate}: evaluate the monitoring rules now.
 */
@RestController
class VerificationController {

    private final AnnouncedBackups announced;
    private final BackupVerification verification;
    private final IntegrityEventPublisher publisher;
    private final LastChecks lastChecks;
    private final IntegritySweep sweep;
    private final Monitor monitor;
    private final AlertPublisher alerts;
    private final ReplayProgress replay;

    VerificationController(AnnouncedBackups announced, BackupVerification verification,
                           IntegrityEventPublisher publisher, LastChecks lastChecks, IntegritySweep sweep,
                           Monitor monitor, AlertPublisher alerts, ReplayProgress replay) {
        this.announced = announced;
        this.verification = verification;
        this.publisher = publisher;
        this.lastChecks = lastChecks;
        this.sweep = sweep;
        this.monitor = monitor;
        this.alerts = alerts;
        this.replay = replay;
    }

    @GetMapping("/api/checks")
    Map<String, Object> checks() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("backups", announced.all().stream().map(b -> Map.of("backupId", b.backupId(),
                "dataType", b.dataType(), "completedAt", b.completedAt().toString(), "storedBytes", b.storedBytes(),
                "storedAt", b.storedAt())).toList());
        state.put("copies", lastChecks.all().stream()
                .sorted(Comparator.comparing((LastChecks.Check c) -> c.report().backupId())
                        .thenComparing(c -> c.report().location()))
                .map(c -> {
                    Map<String, Object> copy = report(c.report());
                    copy.put("checkedAt", c.at().toString());
                    return copy;
                }).toList());
        state.put("walChains", sweep.last().map(s -> s.walChains()).orElse(Map.of()).entrySet().stream()
                .map(e -> wal(e.getKey(), e.getValue())).toList());
        state.put("monitoring", monitor.lastConditions().stream().map(VerificationController::alert).toList());
        state.put("openAlerts", alerts.open().all().stream().sorted(Comparator.comparing(Alert::alertId))
                .map(VerificationController::alert).toList());
        Map<String, Object> sweepState = new LinkedHashMap<>();
        sweepState.put("budgetUsedTodayBytes", sweep.usedToday());
        sweep.last().ifPresent(s -> {
            sweepState.put("lastRunAt", s.startedAt().toString());
            sweepState.put("lastVerified", s.reports().size());
            sweepState.put("lastDeferred", s.plan().deferred().size());
        });
        state.put("sweep", sweepState);
        state.put("replay", Map.of("caughtUp", replay.caughtUp(), "behind", replay.behind()));
        return state;
    }

    /** Verifies every copy of one backup now and answers with the outcome per location. */
    @PostMapping("/api/verifications/{backupId}")
    ResponseEntity<?> verify(@PathVariable String backupId) {
        AnnouncedBackup backup = announced.find(backupId).orElse(null);
        if (backup == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "UNKNOWN_BACKUP",
                    "message", "backup '" + backupId + "' was never announced to this service"));
        }
        List<CopyReport> reports = verification.verify(backup);
        reports.forEach(r -> publisher.publish(r, CheckKind.ON_DEMAND, backup.correlationId()));
        monitor.evaluate();
        return ResponseEntity.ok(reports.stream().map(VerificationController::report).toList());
    }

    /** Verifies every retained copy and every WAL chain now, whatever today's budget. */
    @PostMapping("/api/verifications")
    Map<String, Object> verifyAll() {
        IntegritySweep.SweepResult result = sweep.runAll();
        monitor.evaluate();
        return Map.of("copies", result.reports().stream().map(VerificationController::report).toList(),
                "walChains", result.walChains().entrySet().stream().map(e -> wal(e.getKey(), e.getValue()))
                        .toList());
    }

    /** Runs the daily sweep now: the due copies within what is left of today's byte budget, and the WAL chains. */
    @PostMapping("/api/sweeps")
    Map<String, Object> sweep() {
        IntegritySweep.SweepResult result = sweep.run(false);
        return Map.of("verified", result.reports().stream().map(VerificationController::report).toList(),
                "deferred", result.plan().deferred().stream().map(c -> c.backupId() + "@" + c.location()).toList(),
                "plannedBytes", result.plan().plannedBytes(), "budgetUsedTodayBytes", result.budgetUsedToday(),
                "walChains", result.walChains().entrySet().stream().map(e -> wal(e.getKey(), e.getValue()))
                        .toList());
    }

    @PostMapping("/api/monitoring/evaluate")
    List<Map<String, Object>> evaluate() {
        return monitor.evaluate().stream().map(VerificationController::alert).toList();
    }

    private static Map<String, Object> report(CopyReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backupId", r.backupId());
        m.put("location", r.location());
        m.put("outcome", r.outcome().name());
        m.put("findings", r.findings().stream().map(f -> Map.of("objectKey", f.objectKey(),
                "outcome", f.outcome().name(), "detail", f.detail())).toList());
        m.put("bytesVerified", r.bytesVerified());
        m.put("durationMillis", r.duration().toMillis());
        return m;
    }

    private static Map<String, Object> wal(String location, WalChain.Result r) {
        return Map.of("location", location, "continuous", r.continuous(), "segments", r.segments(),
                "newest", r.newest().orElse(""), "problems", r.problems().stream()
                        .map(p -> Map.of("kind", p.kind().name(), "segment", p.segment(), "detail", p.detail()))
                        .toList());
    }

    private static Map<String, Object> alert(Alert a) {
        return Map.of("alertId", a.alertId(), "rule", a.rule(), "severity", a.severity().name(),
                "subject", a.subject(), "observed", a.observed(), "threshold", a.threshold());
    }
}
