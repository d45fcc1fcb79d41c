package io.lifeboat.backup.run;

/** One kind of backup (one data type) the trigger can run. */
public interface BackupJob {

    /** The DataType event name of what this job stores, e.g. DATABASE_DUMP. */
    String dataType();

    /** What is backed up, e.g. the database name. */
    String source();

    BackupOutcome run(String backupId);
}
