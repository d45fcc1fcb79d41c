package io.lifeboat.notify.messaging;

import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.notify.config.RunbookProperties;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Measurement;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import io.lifeboat.schemas.alert.AlertIds;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns the events notifier-service listens to into alerts. Plain mapping: no I/O, no Spring. A failed integrity
 * check and the AlertRaised that verify-service raises for it name the same incident, so they page once.
 */
final class AlertMapping {

    /** Policy 10.2: data verification target. */
    static final String INTEGRITY_THRESHOLD = "100% integrity (policy 10.2)";

    private final RunbookProperties runbooks;

    AlertMapping(RunbookProperties runbooks) {
        this.runbooks = runbooks;
    }

    Alert alertRaised(AlertRaised e) {
        return new Alert(source(e.getHeader(), e),
                Severity.valueOf(e.getSeverity().name()),
                e.getRule() + ": " + e.getSubject(),
                e.getSummary(),
                new Measurement(e.getObservedValue(), e.getThreshold()),
                e.getSubject(),
                e.getRunbookStep(),
                e.getAlertId());
    }

    /** The end of an AlertRaised's incident: same id, so PagerDuty resolves and the escalation stops. */
    Alert alertResolved(AlertResolved e) {
        return new Alert(source(e.getHeader(), e),
                Severity.INFO,
                e.getRule() + " resolved: " + e.getSubject(),
                "The condition behind alert " + e.getAlertId() + " cleared; now " + e.getObservedValue() + ".",
                null,
                e.getSubject(),
                "No action needed; check the incident's follow-up.",
                e.getAlertId(),
                true);
    }

    /** Policy 10.1: a failed backup is Critical. */
    Alert backupFailed(BackupFailed e) {
        String retry = e.getNextAttemptAt() == null ? "no retry is left"
                : "the next attempt is at " + e.getNextAttemptAt();
        return new Alert(source(e.getHeader(), e),
                Severity.CRITICAL,
                "Backup failed: " + e.getSource() + " (" + e.getDataType() + ")",
                "Backup " + e.getBackupId() + " of " + e.getSource() + " failed on attempt " + e.getAttempt()
                        + " with " + e.getReason() + ": " + e.getDetail() + "; " + retry + ".",
                null,
                "backup " + e.getBackupId() + " of " + e.getSource(),
                runbooks.backupFailed(),
                AlertIds.backupFailed(e.getBackupId()));
    }

    /** Empty for a check that passed: only failed checks notify anyone. */
    Optional<Alert> integrityChecked(IntegrityChecked e) {
        if (e.getOutcome() == IntegrityOutcome.PASSED) {
            return Optional.empty();
        }
        int problems = e.getFindings().size();
        String first = problems == 0 ? "" : "; first: " + e.getFindings().get(0).getDetail();
        return Optional.of(new Alert(source(e.getHeader(), e),
                Severity.CRITICAL,
                "Backup integrity " + e.getOutcome() + ": backup " + e.getBackupId() + " at " + e.getLocation(),
                "The " + e.getKind() + " integrity check of backup " + e.getBackupId() + " at '" + e.getLocation()
                        + "' found it " + e.getOutcome() + " (" + problems + " problem(s)" + first + ").",
                new Measurement(e.getOutcome() + " (" + problems + " problem(s))", INTEGRITY_THRESHOLD),
                "backup " + e.getBackupId() + " at " + e.getLocation(),
                runbooks.integrityFailed(),
                AlertIds.integrity(e.getBackupId(), e.getLocation())));
    }

    /** A real disaster is Critical; a declared exercise still informs everyone, as a Warning. */
    Alert drDeclared(DrDeclared e) {
        return new Alert(source(e.getHeader(), e),
                e.getTrigger() == DrTrigger.EXERCISE ? Severity.WARNING : Severity.CRITICAL,
                "Disaster declared: " + e.getTrigger(),
                e.getDeclaredBy() + " declared disaster " + e.getDrId() + " at " + e.getDeclaredAt() + ": "
                        + e.getReason(),
                null,
                "DR " + e.getDrId(),
                runbooks.drDeclared(),
                AlertIds.drDeclared(e.getDrId()));
    }

    private static Source source(EventHeader header, SpecificRecord event) {
        return new Source(header.getEventId(), event.getSchema().getName(), header.getCorrelationId(),
                header.getOccurredAt());
    }
}
