package io.lifeboat.restore.logical;

/** Where restore results go (the messaging adapter publishes RestoreCompleted). */
public interface RestoreReporter {

    void report(RestoreResult result);
}
