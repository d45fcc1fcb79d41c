package io.lifeboat.schemas.alert;

/** Builds alert ids ({@code AlertRaised.alertId}) as {@code RULE:subject}. */
public final class AlertIds {

    public static final String BACKUP_INTEGRITY = "BACKUP_INTEGRITY";
    public static final String BACKUP_FAILED = "BACKUP_FAILED";
    public static final String DR_DECLARED = "DR_DECLARED";
    public static final String WAL_STREAMING_LAG = "WAL_STREAMING_LAG";
    public static final String WAL_RECEIVER_DOWN = "WAL_RECEIVER_DOWN";

    private AlertIds() {
    }

    /** A copy of a backup at a location failed its integrity check. */
    public static String integrity(String backupId, String location) {
        return BACKUP_INTEGRITY + ":" + backupId + "@" + location;
    }

    /** A backup attempt failed. */
    public static String backupFailed(String backupId) {
        return BACKUP_FAILED + ":" + backupId;
    }

    /** A disaster was declared. */
    public static String drDeclared(String drId) {
        return DR_DECLARED + ":" + drId;
    }

    /** WAL streaming on a replication slot ({@code slot@host:port}) is behind the server. */
    public static String walStreamingLag(String slotKey) {
        return WAL_STREAMING_LAG + ":" + slotKey;
    }

    /** pg_receivewal for a replication slot ({@code slot@host:port}) keeps failing to start. */
    public static String walReceiverDown(String slotKey) {
        return WAL_RECEIVER_DOWN + ":" + slotKey;
    }
}
