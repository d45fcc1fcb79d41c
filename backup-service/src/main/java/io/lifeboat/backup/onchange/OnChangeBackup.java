package io.lifeboat.backup.onchange;

import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupJob;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One backup of a {@link ChangeSource}: its content as one encrypted object, committed like every backup. */
final class OnChangeBackup implements BackupJob {

    private final ChangeSource source;
    private final BackupCommit commit;
    private final Clock clock;
    private final ObjectWriter writer = new ObjectWriter();

    OnChangeBackup(ChangeSource source, BackupCommit commit, Clock clock) {
        this.source = source;
        this.commit = commit;
        this.clock = clock;
    }

    ChangeSource changeSource() {
        return source;
    }

    @Override
    public String dataType() {
        return source.dataType();
    }

    @Override
    public String source() {
        return source.source();
    }

    @Override
    public BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        Storage primary = commit.primary();
        String key = RepositoryLayout.objectKey(dataType(), backupId, source.objectName());
        DataKey dataKey = DataKey.generate();
        ManifestObject object;
        try (InputStream in = source.open()) {
            object = writer.write(primary, key, in, dataKey);
        } catch (IOException | StorageException e) {
            commit.discard(primary, key);
            BackupOutcome.FailureReason reason = e instanceof StorageException
                    ? BackupOutcome.FailureReason.STORAGE_UNAVAILABLE : BackupOutcome.FailureReason.DUMP_FAILED;
            return new BackupOutcome.Failed(backupId, dataType(), source(), reason, e.getMessage());
        }
        return commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, dataType(), source(), started,
                clock.instant(), List.of(object), Map.of("format", source.objectName()), Map.of()), dataKey);
    }
}
