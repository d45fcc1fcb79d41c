package io.lifeboat.backup.wal;

import io.lifeboat.backup.run.BackupOutcome;
import java.util.List;

/** Where stored WAL segments are announced (the messaging adapter publishes WalArchived). */
public interface WalReporter {

    /** One stored segment: its name and the committed backup that holds it. */
    record Archived(String segmentName, BackupOutcome.Completed backup) {
    }

    void walArchived(String systemIdentifier, long timeline, List<Archived> segments, Long lagBytes);
}
