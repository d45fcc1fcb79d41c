package io.lifeboat.backup.run;

import io.lifeboat.backup.base.BaseBackupStream;
import io.lifeboat.backup.base.BaseBackupStream.BaseFacts;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.dump.DumpFailure;
import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * A physical base backup (pg_basebackup, tar, WAL fetched into it) of the configured cluster, encrypted with a data
 * key of its own. Its manifest's metadata holds walStartLsn, walStopLsn, timeline and systemIdentifier.
 */
@Component
public class PhysicalBackup implements BackupJob {

    public static final String DATA_TYPE = "DATABASE_BASE";
    static final String BASE_OBJECT = "base.tar";

    private final BackupProperties properties;
    private final BaseBackupStream base;
    private final BackupCommit commit;
    private final ObjectWriter writer;
    private final Clock clock;

    public PhysicalBackup(BackupProperties properties, BaseBackupStream base, BackupCommit commit, Clock clock) {
        this.properties = properties;
        this.writer = new ObjectWriter(properties.compressionLevel());
        this.base = base;
        this.commit = commit;
        this.clock = clock;
    }

    @Override
    public String dataType() {
        return DATA_TYPE;
    }

    @Override
    public String source() {
        return properties.database().host() + ":" + properties.database().port();
    }

    @Override
    public BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        Storage primary = commit.primary();
        String objectKey = RepositoryLayout.objectKey(DATA_TYPE, backupId, BASE_OBJECT);
        DataKey dataKey = DataKey.generate();
        AtomicReference<ManifestObject> stored = new AtomicReference<>();
        BaseFacts facts;
        try {
            facts = base.backup(out -> stored.set(writer.write(primary, objectKey, out, dataKey)));
        } catch (DumpFailure e) {
            commit.discard(primary, objectKey);
            return new BackupOutcome.Failed(backupId, DATA_TYPE, source(), FailureReason.of(e), e.getMessage());
        } catch (StorageException e) {
            commit.discard(primary, objectKey);
            return new BackupOutcome.Failed(backupId, DATA_TYPE, source(), FailureReason.STORAGE_UNAVAILABLE,
                    e.getMessage());
        }
        return commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, source(), started,
                clock.instant(), List.of(stored.get()),
                Map.of("serverVersion", facts.serverVersion(), "format", "pg_basebackup-tar",
                        "walStartLsn", facts.startLsn(), "walStopLsn", facts.stopLsn(),
                        "timeline", Integer.toString(facts.timeline()),
                        "systemIdentifier", facts.systemIdentifier(), "segmentSize", facts.segmentSize()),
                Map.of()), dataKey);
    }
}
