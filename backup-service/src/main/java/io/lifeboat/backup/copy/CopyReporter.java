package io.lifeboat.backup.copy;

/** Where a landed pending copy is announced (the messaging adapter publishes CopyStored). */
public interface CopyReporter {

    void copyStored(PendingCopy copy, int attempts);
}
