package io.lifeboat.restore.run;

/** Where restore results go (the messaging adapter publishes RestoreCompleted). */
public interface RestoreReporter {

    void report(RestoreResult result);
}
