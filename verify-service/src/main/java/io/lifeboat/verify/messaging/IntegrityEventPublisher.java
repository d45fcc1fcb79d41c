package io.lifeboat.verify.messaging;

import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.Finding;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.TopicSender;
import io.lifeboat.schemas.topic.Topics;
import io.lifeboat.verify.alert.Alert;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.integrity.LastChecks;
import io.lifeboat.verify.wal.WalChain;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes a copy's report as IntegrityChecked; a failed copy also opens the policy's integrity alert (once while it
 * stays failed) and a copy that passes again resolves it.
 *
 * <p>Whether an integrity alert is open is known from the alert topics, read back at every start. Until
 * {@link ReplayProgress} says they are, an alert raised before the restart looks closed: raising it would page a
 * second time, and a copy that passes could not resolve it. So the check is published at once, but raising or
 * resolving its alert waits for the replay (at most {@code lifeboat.verify.replay-wait}, after which the replay
 * counts as caught up). Every path to these alerts comes through here: the verify bindings, the sweeps and on-demand
 * checks.
 */
@Component
public class IntegrityEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(IntegrityEventPublisher.class);

    private final TopicSender sender;
    private final EventHeaders headers;
    private final AlertPublisher alerts;
    private final ReplayProgress replay;
    private final Policy.Rule rule;
    private final LastChecks lastChecks;
    private final Clock clock;

    IntegrityEventPublisher(TopicSender sender, EventHeaders headers, AlertPublisher alerts, ReplayProgress replay,
                            Policy policy, LastChecks lastChecks, Clock clock) {
        this.sender = sender;
        this.headers = headers;
        this.alerts = alerts;
        this.replay = replay;
        this.rule = policy.monitoring().integrity();
        this.lastChecks = lastChecks;
        this.clock = clock;
    }

    /** WAL chain checks are published as IntegrityChecked with backupId {@code wal-<system identifier>}. */
    public static final String WAL_ARCHIVE_PREFIX = "wal-";
    /**
     * Publishes the WAL chain check of one cluster at one location as IntegrityChecked (backupId
     * {@code wal-<system identifier>}, outcome MISSING with one finding per break), and opens or resolves its
     * integrity alert ({@code AlertIds.integrity("wal-<system identifier>", location)}, the incident id notifier-service
     * derives from the failed IntegrityChecked too, so one broken chain pages once).
     */
    public void publishWal(String systemIdentifier, String location, WalChain.Result result, CheckKind kind,
                           Duration took) {
        String subject = WAL_ARCHIVE_PREFIX + systemIdentifier;
        String correlationId = subject + "@" + location;
        sender.send(Topics.INTEGRITY_CHECKED, subject, IntegrityChecked.newBuilder()
                .setHeader(headers.next(correlationId))
                .setBackupId(subject)
                .setLocation(location)
                .setKind(kind)
                .setOutcome(result.continuous() ? IntegrityOutcome.PASSED : IntegrityOutcome.MISSING)
                .setFindings(result.problems().stream().map(p -> Finding.newBuilder()
                        .setObjectKey(p.segment())
                        .setOutcome(IntegrityOutcome.MISSING)
                        .setExpected(null)
                        .setActual(null)
                        .setDetail(p.detail())
                        .build()).toList())
                .setBytesVerified(0)
                .setDurationMillis(took.toMillis())
                .build());
        String alertId = AlertIds.integrity(subject, location);
        replay.awaitCaughtUp();
        if (result.continuous()) {
            alerts.resolve(alertId, "continuous over " + result.segments() + " segment(s) to "
                    + result.newest().orElse("none"), correlationId);
            return;
        }
        alerts.raise(new Alert(alertId, AlertIds.BACKUP_INTEGRITY, rule.severity(), "wal archive of cluster " + systemIdentifier
                + " at " + location, "the wal chain of cluster " + systemIdentifier + " at " + location + " is broken", result.problems().size() + " break(s), first: "
                + result.problems().get(0).detail(), "no missing segment (policy 7.1)", rule.runbook()),
                correlationId);
    }

    public void publish(CopyReport report, CheckKind kind, String correlationId) {
        IntegrityChecked checked = IntegrityChecked.newBuilder()
                .setHeader(headers.next(correlationId))
                .setBackupId(report.backupId())
                .setLocation(report.location())
                .setKind(kind)
                .setOutcome(IntegrityOutcome.valueOf(report.outcome().name()))
                .setFindings(report.findings().stream().map(f -> Finding.newBuilder()
                        .setObjectKey(f.objectKey())
                        .setOutcome(IntegrityOutcome.valueOf(f.outcome().name()))
                        .setExpected(f.expected())
                        .setActual(f.actual())
                        .setDetail(f.detail())
                        .build()).toList())
                .setBytesVerified(report.bytesVerified())
                .setDurationMillis(report.duration().toMillis())
                .build();
        sender.send(Topics.INTEGRITY_CHECKED, report.backupId(), checked);
        lastChecks.record(report, clock.instant());
        String alertId = AlertIds.integrity(report.backupId(), report.location());
        replay.awaitCaughtUp();
        if (report.passed()) {
            log.info("backup {} at '{}' PASSED ({} bytes, {})", report.backupId(), report.location(),
                    report.bytesVerified(), kind);
            alerts.resolve(alertId, "PASSED (" + report.bytesVerified() + " bytes verified)", correlationId);
            return;
        }
        log.warn("backup {} at '{}' is {}: {}", report.backupId(), report.location(), report.outcome(),
                report.findings());
        alerts.raise(new Alert(alertId, AlertIds.BACKUP_INTEGRITY, rule.severity(),
                "backup " + report.backupId() + " at " + report.location(),
                "backup copy failed its integrity check: " + report.outcome(),
                report.outcome() + " (" + report.findings().size() + " finding(s): "
                        + report.findings().get(0).detail() + ")",
                "100% integrity (policy 10.2)", rule.runbook()), correlationId);
    }
}
