package io.lifeboat.runtime.demo;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupExpired;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.events.backup.WalArchived;
import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.notify.NotificationFailed;
import io.lifeboat.events.restore.AccessAudited;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.RestoreCompleted;
import io.lifeboat.events.restore.RestoreTestCompleted;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.events.verify.IntegrityChecked;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** One readable line per event, for people watching the demonstration. */
final class EventLines {

    private EventLines() {
    }

    static String describe(SpecificRecord event) {
        if (event instanceof BackupCompleted e) {
            return "BackupCompleted      backup " + e.getBackupId() + " of '" + e.getSource() + "', "
                    + e.getStoredBytes() + " bytes, copies " + e.getCopies().stream()
                    .map(c -> c.getLocation() + "=" + c.getStatus()).collect(Collectors.joining(", "));
        }
        if (event instanceof BackupStarted e) {
            return "BackupStarted        backup " + e.getBackupId() + " (" + e.getDataType() + ") of '" + e.getSource()
                    + "', " + e.getTrigger() + ", attempt " + e.getAttempt();
        }
        if (event instanceof WalArchived e) {
            return "WalArchived          " + e.getSegments().size() + " WAL segment(s) of system " + e.getSystemIdentifier()
                    + " on timeline " + e.getTimeline() + ", slot lag " + e.getLagBytes() + " bytes";
        }
        if (event instanceof CopyStored e) {
            return "CopyStored           pending copy of backup " + e.getBackupId() + " landed at "
                    + e.getCopy().getLocation();
        }
        if (event instanceof BackupExpired e) {
            return "BackupExpired        backup " + e.getBackupId() + " (" + e.getDataType() + "): " + e.getReason();
        }
        if (event instanceof RestoreTestCompleted e) {
            return "RestoreTestCompleted backup " + e.getBackupId() + ": " + e.getOutcome() + " (" + e.getDetail() + ")";
        }
        if (event instanceof BackupFailed e) {
            return "BackupFailed         backup " + e.getBackupId() + ": " + e.getReason() + " - " + e.getDetail();
        }
        if (event instanceof IntegrityChecked e) {
            return "IntegrityChecked     backup " + e.getBackupId() + " at " + e.getLocation() + ": "
                    + e.getOutcome() + " (" + e.getKind() + ", " + e.getBytesVerified() + " bytes"
                    + (e.getFindings().isEmpty() ? "" : ", " + e.getFindings().get(0).getDetail()) + ")";
        }
        if (event instanceof AlertRaised e) {
            return "AlertRaised          " + e.getSeverity() + " " + e.getRule() + " on " + e.getSubject()
                    + ": " + e.getObservedValue() + " | runbook: " + e.getRunbookStep();
        }
        if (event instanceof AlertResolved e) {
            return "AlertResolved        " + e.getRule() + " on " + e.getSubject();
        }
        if (event instanceof NotificationDelivered e) {
            return "NotificationDelivered " + e.getSourceEventType() + " via " + e.getChannel() + " after "
                    + e.getAttempts() + " attempt(s)";
        }
        if (event instanceof NotificationFailed e) {
            return "NotificationFailed   " + e.getSourceEventType() + " via " + e.getChannel() + ": " + e.getReason();
        }
        if (event instanceof RestoreCompleted e) {
            return "RestoreCompleted     restore of " + e.getBackupId() + " into '" + e.getTarget() + "': "
                    + e.getOutcome() + " from " + e.getSourceLocation() + " in " + e.getDurationMillis()
                    + " ms (RTO " + (e.getRtoMet() ? "met" : "MISSED") + ")";
        }
        if (event instanceof AccessAudited e) {
            return "AccessAudited        " + e.getDecision() + " " + e.getAction() + " by " + e.getOperator();
        }
        if (event instanceof DrDeclared e) {
            return "DrDeclared           " + e.getTrigger() + " by " + e.getDeclaredBy() + ": " + e.getReason();
        }
        return event.getSchema().getName();
    }
}
