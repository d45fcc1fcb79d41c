package io.lifeboat.backup.retention;

import java.util.List;

/** Where a removal is announced (the messaging adapter publishes BackupExpired). */
public interface ExpiryReporter {

    void expired(Retention.Verdict verdict, List<String> locations);
}
