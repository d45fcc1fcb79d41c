package io.lifeboat.backup.run;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.copy.Copies;
import io.lifeboat.backup.copy.Locations;
import io.lifeboat.backup.dump.DumpFailure;
import io.lifeboat.backup.dump.LogicalDump;
import io.lifeboat.backup.dump.LogicalDump.DumpFacts;
import io.lifeboat.backup.run.BackupOutcome.Copy;
import io.lifeboat.backup.run.BackupOutcome.CopyState;
import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.MasterKeyException;
import io.lifeboat.format.crypto.MasterKeyProvider;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.stream.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes a logical backup (pg_dump -Fc) of the configured database, encrypted with a data key of its own, commits it
 * at the primary (objects, then the sealed manifest) and copies it to every other location.
 */
@Component
public class DatabaseBackup {

    static final String DATA_TYPE = "DATABASE_DUMP";
    static final String DUMP_OBJECT = "database.pgdump";
    private static final Logger log = LoggerFactory.getLogger(DatabaseBackup.class);

    private final BackupProperties properties;
    private final LogicalDump dump;
    private final Locations locations;
    private final Copies copies;
    private final MasterKeyProvider masterKeys;
    private final ObjectWriter writer = new ObjectWriter();
    private final Clock clock;

    public DatabaseBackup(BackupProperties properties, LogicalDump dump, Locations locations, Copies copies,
                          MasterKeyProvider masterKeys, Clock clock) {
        this.properties = properties;
        this.dump = dump;
        this.locations = locations;
        this.copies = copies;
        this.masterKeys = masterKeys;
        this.clock = clock;
    }

    public String source() {
        return properties.database().name();
    }

    public String dataType() {
        return DATA_TYPE;
    }

    public BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        Locations.Opened primary = locations.primary();
        Storage primaryStorage = primary.storage();
        String objectKey = RepositoryLayout.objectKey(DATA_TYPE, backupId, DUMP_OBJECT);
        DataKey dataKey = DataKey.generate();
        AtomicReference<ManifestObject> stored = new AtomicReference<>();
        DumpFacts facts;
        try {
            facts = dump.dump(out -> stored.set(writer.write(primaryStorage, objectKey, out, dataKey)));
        } catch (DumpFailure e) {
            discard(primaryStorage, objectKey);
            FailureReason reason = e.getCause() instanceof StorageException ? FailureReason.STORAGE_UNAVAILABLE
                    : e.kind() == DumpFailure.Kind.DATABASE_UNREACHABLE ? FailureReason.DATABASE_UNREACHABLE
                    : FailureReason.DUMP_FAILED;
            return failed(backupId, reason, e.getMessage());
        } catch (StorageException e) {
            discard(primaryStorage, objectKey);
            return failed(backupId, FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, source(), started,
                clock.instant(), List.of(stored.get()),
                Map.of("serverVersion", facts.serverVersion(), "database", source(), "format", "pg_dump-custom"),
                facts.tables());
        String manifestKey;
        String manifestSha;
        try {
            manifestKey = new ManifestStore(masterKeys).write(primaryStorage,
                    manifest.withEncryption(dataKey.wrap(masterKeys, backupId)));
            try (InputStream in = primaryStorage.open(manifestKey)) {
                manifestSha = DigestingInputStream.drain(in).sha256();
            }
        } catch (StorageException | MasterKeyException | IOException e) {
            discard(primaryStorage, RepositoryLayout.manifestKey(DATA_TYPE, backupId));
            discard(primaryStorage, objectKey);
            return failed(backupId, FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        List<Copy> landed = new ArrayList<>();
        landed.add(new Copy(primary.name(), primary.location().tier(), CopyState.STORED));
        for (Locations.Opened other : locations.others()) {
            CopyState state = copies.copy(other, manifestKey) == Copies.Landed.STORED ? CopyState.STORED
                    : CopyState.PENDING;
            landed.add(new Copy(other.name(), other.location().tier(), state));
        }
        return new BackupOutcome.Completed(backupId, manifest, manifestKey, manifestSha, landed);
    }

    private BackupOutcome.Failed failed(String backupId, FailureReason reason, String detail) {
        return new BackupOutcome.Failed(backupId, DATA_TYPE, source(), reason, detail);
    }

    private static void discard(Storage storage, String key) {
        try {
            storage.delete(key);
        } catch (StorageException e) {
            log.warn("could not remove incomplete object '{}' from {}: {}", key, storage.describe(), e.getMessage());
        }
    }
}
