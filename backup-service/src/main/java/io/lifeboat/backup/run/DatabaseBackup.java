package io.lifeboat.backup.run;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.dump.DumpFailure;
import io.lifeboat.backup.dump.LogicalDump;
import io.lifeboat.backup.dump.LogicalDump.DumpFacts;
import io.lifeboat.backup.run.BackupOutcome.Copy;
import io.lifeboat.backup.run.BackupOutcome.CopyState;
import io.lifeboat.backup.run.BackupOutcome.FailureReason;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestCodec;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.format.stream.DigestingInputStream.Digest;
import java.io.ByteArrayInputStream;
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

/** Takes a logical backup (pg_dump -Fc) of the configured database and commits it at every location. */
@Component
public class DatabaseBackup {

    static final String DATA_TYPE = "DATABASE_DUMP";
    static final String DUMP_OBJECT = "database.pgdump";
    private static final Logger log = LoggerFactory.getLogger(DatabaseBackup.class);

    private final BackupProperties properties;
    private final LogicalDump dump;
    private final Clock clock;

    public DatabaseBackup(BackupProperties properties, LogicalDump dump, Clock clock) {
        this.properties = properties;
        this.dump = dump;
        this.clock = clock;
    }

    public String source() {
        return properties.database().name();
    }

    public BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        List<StorageLocation> locations = properties.locations();
        StorageLocation primary = locations.get(0);
        Storage primaryStorage = primary.open();
        String objectKey = RepositoryLayout.objectKey(DATA_TYPE, backupId, DUMP_OBJECT);
        AtomicReference<Digest> digest = new AtomicReference<>();
        DumpFacts facts;
        try {
            facts = dump.dump(out -> {
                DigestingInputStream in = new DigestingInputStream(out);
                primaryStorage.put(objectKey, in);
                digest.set(new Digest(in.bytes(), in.sha256Hex()));
            });
        } catch (DumpFailure e) {
            discard(primaryStorage, objectKey);
            FailureReason reason = e.getCause() instanceof StorageException ? FailureReason.STORAGE_UNAVAILABLE
                    : e.kind() == DumpFailure.Kind.DATABASE_UNREACHABLE ? FailureReason.DATABASE_UNREACHABLE
                    : FailureReason.DUMP_FAILED;
            return new BackupOutcome.Failed(backupId, source(), reason, e.getMessage());
        } catch (StorageException e) {
            discard(primaryStorage, objectKey);
            return new BackupOutcome.Failed(backupId, source(), FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        Digest d = digest.get();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, source(), started,
                clock.instant(), List.of(new ManifestObject(objectKey, d.bytes(), d.sha256(), d.bytes(), d.sha256(),
                        List.of())),
                Map.of("serverVersion", facts.serverVersion(), "database", source(), "format", "pg_dump-custom"),
                facts.tables());
        byte[] manifestBytes = ManifestCodec.encode(manifest);
        String manifestKey = RepositoryLayout.manifestKey(DATA_TYPE, backupId);
        try {
            primaryStorage.put(manifestKey, new ByteArrayInputStream(manifestBytes));
        } catch (StorageException e) {
            discard(primaryStorage, objectKey);
            return new BackupOutcome.Failed(backupId, source(), FailureReason.STORAGE_UNAVAILABLE, e.getMessage());
        }
        List<Copy> copies = new ArrayList<>();
        copies.add(new Copy(primary.name(), primary.tier(), CopyState.STORED));
        for (StorageLocation other : locations.subList(1, locations.size())) {
            copies.add(new Copy(other.name(), other.tier(),
                    copy(primaryStorage, other, List.of(objectKey, manifestKey)) ? CopyState.STORED : CopyState.PENDING));
        }
        String manifestSha = sha256(manifestBytes);
        return new BackupOutcome.Completed(backupId, manifest, manifestKey, manifestSha, copies);
    }

    /** Copies objects in order (the manifest last); false when the location is unavailable. */
    private static boolean copy(Storage from, StorageLocation to, List<String> keys) {
        try {
            Storage target = to.open();
            for (String key : keys) {
                try (InputStream in = from.open(key)) {
                    target.put(key, in);
                }
            }
            return true;
        } catch (StorageException | IOException e) {
            log.warn("copy to location '{}' is pending: {}", to.name(), e.getMessage());
            return false;
        }
    }

    private static void discard(Storage storage, String key) {
        try {
            storage.delete(key);
        } catch (StorageException e) {
            log.warn("could not remove incomplete object '{}' from {}: {}", key, storage.describe(), e.getMessage());
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return DigestingInputStream.drain(new ByteArrayInputStream(bytes)).sha256();
        } catch (IOException e) {
            throw new IllegalStateException("hashing an in-memory array cannot fail", e);
        }
    }
}
