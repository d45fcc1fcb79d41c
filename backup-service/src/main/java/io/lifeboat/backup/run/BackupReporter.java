package io.lifeboat.backup.run;

import java.time.Instant;

/** Where the facts of a run go (the messaging adapter publishes them as events). */
public interface BackupReporter {

    void started(String backupId, String dataType, String source, BackupTrigger.Trigger trigger, int attempt,
                 Instant at);

    void completed(BackupOutcome.Completed completed);

    /** {@code nextAttemptAt} is null when no retry is left or the cause does not pass by itself. */
    void failed(BackupOutcome.Failed failed, int attempt, Instant nextAttemptAt);
}
