package io.lifeboat.backup.run;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.dump.DumpFailure;
import io.lifeboat.backup.dump.LogicalDump;
import io.lifeboat.backup.dump.LogicalDump.DumpFacts;
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

/** A logical backup (pg_dump -Fc) of the configured database, encrypted with a data key of its own. */
@Component
public class DatabaseBackup implements BackupJob {

    public static final String DATA_TYPE = "DATABASE_DUMP";
    static final String DUMP_OBJECT = "database.pgdump";

    private final BackupProperties properties;
    private final LogicalDump dump;
    private final BackupCommit commit;
    private final ObjectWriter writer;
    private final Clock clock;

    public DatabaseBackup(BackupProperties properties, LogicalDump dump, BackupCommit commit, Clock clock) {
        this.properties = properties;
        this.writer = new ObjectWriter(properties.compressionLevel());
        this.dump = dump;
        this.commit = commit;
        this.clock = clock;
    }

    @Override
    public String source() {
        return properties.database().name();
    }

    @Override
    public String dataType() {
        return DATA_TYPE;
    }

    @Override
    public BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        Storage primary = commit.primary();
        String objectKey = RepositoryLayout.objectKey(DATA_TYPE, backupId, DUMP_OBJECT);
        DataKey dataKey = DataKey.generate();
        AtomicReference<ManifestObject> stored = new AtomicReference<>();
        DumpFacts facts;
        try {
            facts = dump.dump(out -> stored.set(writer.write(primary, objectKey, out, dataKey)));
        } catch (DumpFailure e) {
            commit.discard(primary, objectKey);
            return failed(backupId, FailureReason.of(e), e.getMessage());
        } catch (StorageException e) {
            commit.discard(primary, objectKey);
            return failed(backupId, FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        return commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, source(), started,
                clock.instant(), List.of(stored.get()),
                Map.of("serverVersion", facts.serverVersion(), "database", source(), "format", "pg_dump-custom"),
                facts.tables()), dataKey);
    }

    private BackupOutcome.Failed failed(String backupId, FailureReason reason, String detail) {
        return new BackupOutcome.Failed(backupId, DATA_TYPE, source(), reason, detail);
    }
}
