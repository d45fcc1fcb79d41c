package io.lifeboat.schemas.topic;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.notify.NotificationFailed;
import io.lifeboat.events.restore.AccessAudited;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.RestoreCompleted;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.events.verify.IntegrityChecked;
import java.util.List;

/** Every topic Lifeboat publishes to: one per event type, keyed by the aggregate id. */
public final class Topics {

    public static final Topic<BackupCompleted> BACKUP_COMPLETED =
            new Topic<>("lifeboat.backup-completed", BackupCompleted.class, "backupId");
    public static final Topic<BackupFailed> BACKUP_FAILED =
            new Topic<>("lifeboat.backup-failed", BackupFailed.class, "backupId");
    public static final Topic<io.lifeboat.events.backup.BackupStarted> BACKUP_STARTED = new Topic<>(
            "lifeboat.backup-started", io.lifeboat.events.backup.BackupStarted.class, "backupId");
    public static final Topic<io.lifeboat.events.backup.CopyStored> COPY_STORED = new Topic<>(
            "lifeboat.copy-stored", io.lifeboat.events.backup.CopyStored.class, "backupId");
    public static final Topic<io.lifeboat.events.backup.WalArchived> WAL_ARCHIVED = new Topic<>(
            "lifeboat.wal-archived", io.lifeboat.events.backup.WalArchived.class, "systemIdentifier");
    public static final Topic<io.lifeboat.events.backup.BackupExpired> BACKUP_EXPIRED = new Topic<>(
            "lifeboat.backup-expired", io.lifeboat.events.backup.BackupExpired.class, "backupId");
    public static final Topic<IntegrityChecked> INTEGRITY_CHECKED =
            new Topic<>("lifeboat.integrity-checked", IntegrityChecked.class, "backupId");
    public static final Topic<AlertRaised> ALERT_RAISED =
            new Topic<>("lifeboat.alert-raised", AlertRaised.class, "alertId");
    public static final Topic<AlertResolved> ALERT_RESOLVED =
            new Topic<>("lifeboat.alert-resolved", AlertResolved.class, "alertId");
    public static final Topic<RestoreCompleted> RESTORE_COMPLETED =
            new Topic<>("lifeboat.restore-completed", RestoreCompleted.class, "restoreId");
    public static final Topic<DrDeclared> DR_DECLARED =
            new Topic<>("lifeboat.dr-declared", DrDeclared.class, "drId");
    public static final Topic<io.lifeboat.events.restore.RestoreTestCompleted> RESTORE_TEST_COMPLETED = new Topic<>(
            "lifeboat.restore-test-completed", io.lifeboat.events.restore.RestoreTestCompleted.class, "testId");
    public static final Topic<io.lifeboat.events.restore.DrPhaseCompleted> DR_PHASE_COMPLETED = new Topic<>(
            "lifeboat.dr-phase-completed", io.lifeboat.events.restore.DrPhaseCompleted.class, "drId");
    public static final Topic<io.lifeboat.events.restore.DrClosed> DR_CLOSED = new Topic<>(
            "lifeboat.dr-closed", io.lifeboat.events.restore.DrClosed.class, "drId");
    public static final Topic<AccessAudited> ACCESS_AUDITED =
            new Topic<>("lifeboat.access-audited", AccessAudited.class, "operator");
    public static final Topic<NotificationDelivered> NOTIFICATION_DELIVERED =
            new Topic<>("lifeboat.notification-delivered", NotificationDelivered.class, "notificationId");
    public static final Topic<NotificationFailed> NOTIFICATION_FAILED =
            new Topic<>("lifeboat.notification-failed", NotificationFailed.class, "notificationId");
    public static final Topic<io.lifeboat.events.notify.NotificationEscalated> NOTIFICATION_ESCALATED = new Topic<>(
            "lifeboat.notification-escalated", io.lifeboat.events.notify.NotificationEscalated.class, "alertId");
    public static final Topic<io.lifeboat.events.notify.AlertAcknowledged> ALERT_ACKNOWLEDGED = new Topic<>(
            "lifeboat.alert-acknowledged", io.lifeboat.events.notify.AlertAcknowledged.class, "alertId");

    private static final List<Topic<?>> ALL = List.of(
            BACKUP_COMPLETED, BACKUP_FAILED, BACKUP_STARTED, COPY_STORED, WAL_ARCHIVED, BACKUP_EXPIRED,
            INTEGRITY_CHECKED, ALERT_RAISED, ALERT_RESOLVED,
            RESTORE_COMPLETED, DR_DECLARED, ACCESS_AUDITED,
            RESTORE_TEST_COMPLETED, DR_PHASE_COMPLETED, DR_CLOSED, NOTIFICATION_DELIVERED, NOTIFICATION_FAILED,
            NOTIFICATION_ESCALATED, ALERT_ACKNOWLEDGED);

    private Topics() {
    }

    public static List<Topic<?>> all() {
        return ALL;
    }
}
