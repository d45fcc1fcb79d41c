package io.lifeboat.restore.restoretest;

/** Where finished restore tests go (the messaging adapter publishes RestoreTestCompleted, IntegrityChecked and,
 * when the test is not green, a critical AlertRaised). */
public interface RestoreTestReporter {

    void completed(RestoreTestReport report);
}
