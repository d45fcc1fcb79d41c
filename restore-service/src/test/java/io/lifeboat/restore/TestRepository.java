package io.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.manifest.TableFingerprint;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.object.ObjectWriter;
import io.lifeboat.format.postgres.PostgresTools;
import io.lifeboat.format.postgres.TableFingerprints;
import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.schemas.topic.Topics;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes backups the way backup-service does after the format switch: the dump through ObjectWriter (zstd +
 * AES-256-GCM) to the primary, byte copies to the other locations, the sealed manifest last, then BackupCompleted.
 */
final class TestRepository {

    record Backup(String id, String objectKey, String manifestKey, String manifestSha256,
                  Map<String, TableFingerprint> tables, Instant takenAt) {
    }

    final LocalKeysetMasterKeys masterKeys;
    final ManifestStore manifests;
    final Path primary;
    final List<Path> copies;
    private final KafkaProducer<String, SpecificRecord> producer;

    TestRepository(Path keysetFile, Path primary, List<Path> copies, KafkaProducer<String, SpecificRecord> producer) {
        LocalKeysetMasterKeys.createFile(keysetFile);
        this.masterKeys = LocalKeysetMasterKeys.load(keysetFile);
        this.manifests = new ManifestStore(masterKeys);
        this.primary = primary;
        this.copies = copies;
        this.producer = producer;
    }

    /** A real pg_dump -Fc of {@code database} with its fingerprints, stored encrypted at every location, announced. */
    Backup dump(PostgresCluster pg, String database) throws Exception {
        String id = "b-" + UUID.randomUUID().toString().substring(0, 8);
        Instant takenAt = Instant.now();
        Map<String, TableFingerprint> tables;
        try (Connection c = pg.connect(database)) {
            tables = TableFingerprints.of(c);
        }
        Path plain = Files.createTempFile("test-dump-", ".pgdump");
        try {
            pgDump(pg, database, plain);
            return store(id, database, plain, tables, takenAt, DataKey.generate());
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    /**
     * Fault injection with the keys: decrypts the stored dump, restores it into a throwaway database, runs
     * {@code alteration} there, dumps again and rewrites the object and a freshly sealed manifest (same table
     * fingerprints), so every checksum and MAC matches but the data differs. Announces the new manifest.
     */
    Backup alterInsideDump(Backup backup, PostgresCluster pg, String... alteration) throws Exception {
        FilesystemStorage storage = new FilesystemStorage(primary);
        Manifest manifest = manifests.read(storage, backup.manifestKey());
        DataKey key = manifests.dataKey(manifest);
        Path plain = Files.createTempFile("test-dump-", ".pgdump");
        String scratch = "alter_" + backup.id().substring(2);
        try {
            try (InputStream in = ObjectReader.open(storage, manifest.objects().get(0), key)) {
                Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
            }
            pg.createDatabase(scratch);
            run(List.of(PostgresTools.tool("pg_restore").toString(), "-h", pg.host(), "-p",
                    Integer.toString(pg.port()), "-U", "postgres", "-d", scratch, plain.toString()));
            pg.execute(scratch, alteration);
            pgDump(pg, scratch, plain);
            return store(backup.id(), manifest.source(), plain, manifest.tables(), backup.takenAt(), key);
        } finally {
            pg.execute("postgres", "DROP DATABASE IF EXISTS " + scratch);
            Files.deleteIfExists(plain);
        }
    }

    private Backup store(String id, String source, Path plain, Map<String, TableFingerprint> tables,
                         Instant takenAt, DataKey dataKey) throws Exception {
        FilesystemStorage storage = new FilesystemStorage(primary);
        String objectKey = RepositoryLayout.objectKey("DATABASE_DUMP", id, "database.pgdump");
        ManifestObject object;
        try (InputStream in = Files.newInputStream(plain)) {
            object = new ObjectWriter().write(storage, objectKey, in, dataKey);
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, "DATABASE_DUMP", source, takenAt,
                Instant.now(), List.of(object), Map.of(), tables).withEncryption(dataKey.wrap(masterKeys, id));
        String manifestKey = manifests.write(storage, manifest);
        List<LocationCopy> stored = new ArrayList<>(List.of(new LocationCopy("primary", StorageTier.PRIMARY,
                CopyStatus.STORED)));
        for (Path copy : copies) {
            for (String key : List.of(objectKey, manifestKey)) {
                Files.createDirectories(copy.resolve(key).getParent());
                Files.copy(primary.resolve(key), copy.resolve(key), StandardCopyOption.REPLACE_EXISTING);
            }
            String name = copy.getFileName().toString();
            stored.add(new LocationCopy(name, name.equals("cold") ? StorageTier.COLD : StorageTier.SECONDARY,
                    CopyStatus.STORED));
        }
        String manifestSha = DigestingInputStream.drain(Files.newInputStream(primary.resolve(manifestKey))).sha256();
        BackupCompleted event = BackupCompleted.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setProducer(new Producer("backup-service", "test"))
                        .setCorrelationId(id).setPolicyId("POL-ISMS-008@1.0").build())
                .setBackupId(id).setDataType(DataType.DATABASE_DUMP).setSource(source)
                .setStartedAt(takenAt).setCompletedAt(Instant.now()).setManifestKey(manifestKey)
                .setManifestSha256(manifestSha)
                .setObjectCount(1).setPlainBytes(object.plainBytes()).setStoredBytes(object.storedBytes())
                .setCopies(stored)
                .build();
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), id, event)).get();
        return new Backup(id, objectKey, manifestKey, manifestSha, tables, takenAt);
    }

    private static void pgDump(PostgresCluster pg, String database, Path file) throws Exception {
        run(List.of(PostgresTools.tool("pg_dump").toString(), "-Fc", "-f", file.toString(), "-h", pg.host(),
                "-p", Integer.toString(pg.port()), "-U", "postgres", database));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
