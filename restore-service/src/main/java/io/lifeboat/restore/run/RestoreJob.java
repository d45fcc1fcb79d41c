package io.lifeboat.restore.run;

/** A restore accepted for running: it never throws, every failure is a FAILED result. */
public interface RestoreJob {

    String restoreId();

    /** For the log: what is restored where, by whom. */
    String describe();

    /** What the journal keeps until the result is reported (see {@link RestoreJournal}). */
    JournalEntry journalEntry();

    RestoreResult run();
}
