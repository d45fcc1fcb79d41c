package io.lifeboat.backup.run;

/** Where the outcome of a run goes (the messaging adapter publishes it as an event). */
public interface BackupReporter {

    void report(BackupOutcome outcome, BackupTrigger.Trigger trigger);
}
