package io.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.CopyStored;
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
import io.lifeboat.format.wal.WalSegmentName;
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
        return dump(pg, database, CopyStatus.STORED);
    }

    private Backup dump(PostgresCluster pg, String database, CopyStatus otherCopies) throws Exception {
        String id = "b-" + UUID.randomUUID().toString().substring(0, 8);
        Instant takenAt = Instant.now();
        Map<String, TableFingerprint> tables;
        try (Connection c = pg.connect(database)) {
            tables = TableFingerprints.of(c);
        }
        Path plain = Files.createTempFile("test-dump-", ".pgdump");
        try {
            pgDump(pg, database, plain);
            return store(id, database, plain, tables, takenAt, DataKey.generate(), otherCopies);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    /**
     * Like {@link #dump}, but announced as stored at the primary only, its other copies PENDING (their bytes are in
     * place; {@link #copyStored} announces that one landed).
     */
    Backup dumpWithPendingCopies(PostgresCluster pg, String database) throws Exception {
        return dump(pg, database, CopyStatus.PENDING);
    }

    /** Announces that the copy of {@code backup} at {@code location} (one of the other copies) has landed. */
    void copyStored(Backup backup, String location) throws Exception {
        CopyStored event = CopyStored.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setProducer(new Producer("backup-service", "test"))
                        .setCorrelationId(backup.id()).setPolicyId("POL-ISMS-008@1.0").build())
                .setBackupId(backup.id()).setDataType(DataType.DATABASE_DUMP).setManifestKey(backup.manifestKey())
                .setManifestSha256(backup.manifestSha256())
                .setCopy(new LocationCopy(location, location.equals("cold") ? StorageTier.COLD : StorageTier.SECONDARY,
                        CopyStatus.STORED))
                .setAttempts(2)
                .build();
        producer.send(new ProducerRecord<>(Topics.COPY_STORED.name(), backup.id(), event)).get();
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
            return store(backup.id(), manifest.source(), plain, manifest.tables(), backup.takenAt(), key,
                    CopyStatus.STORED);
        } finally {
            pg.execute("postgres", "DROP DATABASE IF EXISTS " + scratch);
            Files.deleteIfExists(plain);
        }
    }

    /**
     * A base backup as backup-service takes it: {@code pg_basebackup -D - -Ft -X fetch} streamed through
     * ObjectWriter, the WAL range, timeline and system identifier in the manifest's metadata; announced.
     */
    Backup baseBackup(PostgresCluster pg) throws Exception {
        String id = "base-" + UUID.randomUUID().toString().substring(0, 8);
        Instant takenAt = Instant.now();
        Path log = Files.createTempFile("test-basebackup-", ".log");
        Process p = new ProcessBuilder(PostgresTools.tool("pg_basebackup").toString(), "-h", pg.host(), "-p",
                Integer.toString(pg.port()), "-U", "postgres", "-D", "-", "-Ft", "-X", "fetch", "--checkpoint=fast",
                "--verbose").redirectError(log.toFile()).start();
        String objectKey = RepositoryLayout.objectKey("DATABASE_BASE", id, "base.tar");
        DataKey dataKey = DataKey.generate();
        ManifestObject object;
        try (InputStream in = p.getInputStream()) {
            object = new ObjectWriter().write(new FilesystemStorage(primary), objectKey, in, dataKey);
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertThat(p.waitFor()).as(output).isZero();
        java.util.regex.Matcher start = java.util.regex.Pattern
                .compile("write-ahead log start point: (\\S+) on timeline (\\d+)").matcher(output);
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("write-ahead log end point: (\\S+)")
                .matcher(output);
        assertThat(start.find() && end.find()).as(output).isTrue();
        return commit(id, "DATABASE_BASE", pg.host() + ":" + pg.port(), object, Map.of("format",
                "pg_basebackup-tar", "walStartLsn", start.group(1), "walStopLsn", end.group(1), "timeline",
                start.group(2), "systemIdentifier", systemIdentifier(pg)), Map.of(), takenAt, dataKey,
                CopyStatus.STORED);
    }

    /**
     * Stores every completed segment and timeline history file in {@code archive} (what archive_command copied) as a
     * WAL backup of its own, {@code <file name>-<system identifier>}, at every location, as backup-service's WAL
     * archiver does.
     */
    void storeWal(Path archive, PostgresCluster pg) throws Exception {
        String systemIdentifier = systemIdentifier(pg);
        try (var files = Files.list(archive)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                boolean history = name.matches("[0-9A-F]{8}\\.history");
                if (!WalSegmentName.isSegmentFileName(name) && !history) {
                    continue;
                }
                String id = history ? name + "-" + systemIdentifier
                        : WalSegmentName.parse(name).backupId(systemIdentifier);
                if (Files.exists(primary.resolve(RepositoryLayout.manifestKey("WAL", id)))) {
                    continue;
                }
                DataKey dataKey = DataKey.generate();
                String objectKey = RepositoryLayout.objectKey("WAL", id, name);
                ManifestObject object;
                try (InputStream in = Files.newInputStream(file)) {
                    object = new ObjectWriter().write(new FilesystemStorage(primary), objectKey, in, dataKey);
                }
                Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, "WAL", systemIdentifier, Instant.now(),
                        Instant.now(), List.of(object), Map.of("segmentName", name, "systemIdentifier",
                        systemIdentifier), Map.of()).withEncryption(dataKey.wrap(masterKeys, id));
                String manifestKey = manifests.write(new FilesystemStorage(primary), manifest);
                copyToOtherLocations(objectKey, manifestKey);
            }
        }
    }

    private static String systemIdentifier(PostgresCluster pg) throws Exception {
        try (Connection c = pg.connect("postgres"); var s = c.createStatement();
             var rs = s.executeQuery("SELECT system_identifier FROM pg_control_system()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void copyToOtherLocations(String... keys) throws Exception {
        for (Path copy : copies) {
            for (String key : keys) {
                Files.createDirectories(copy.resolve(key).getParent());
                Files.copy(primary.resolve(key), copy.resolve(key), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Backup store(String id, String source, Path plain, Map<String, TableFingerprint> tables,
                         Instant takenAt, DataKey dataKey, CopyStatus otherCopies) throws Exception {
        FilesystemStorage storage = new FilesystemStorage(primary);
        String objectKey = RepositoryLayout.objectKey("DATABASE_DUMP", id, "database.pgdump");
        ManifestObject object;
        try (InputStream in = Files.newInputStream(plain)) {
            object = new ObjectWriter().write(storage, objectKey, in, dataKey);
        }
        return commit(id, "DATABASE_DUMP", source, object, Map.of(), tables, takenAt, dataKey, otherCopies);
    }

    private Backup commit(String id, String dataType, String source, ManifestObject object,
                          Map<String, String> metadata, Map<String, TableFingerprint> tables, Instant takenAt,
                          DataKey dataKey, CopyStatus otherCopies) throws Exception {
        FilesystemStorage storage = new FilesystemStorage(primary);
        String objectKey = object.key();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, dataType, source, takenAt,
                Instant.now(), List.of(object), metadata, tables).withEncryption(dataKey.wrap(masterKeys, id));
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
                    otherCopies));
        }
        String manifestSha = DigestingInputStream.drain(Files.newInputStream(primary.resolve(manifestKey))).sha256();
        BackupCompleted event = BackupCompleted.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.now()).setProducer(new Producer("backup-service", "test"))
                        .setCorrelationId(id).setPolicyId("POL-ISMS-008@1.0").build())
                .setBackupId(id).setDataType(DataType.valueOf(dataType)).setSource(source)
                .setStartedAt(takenAt).setCompletedAt(Instant.now()).setManifestKey(manifestKey)
                .setManifestSha256(manifestSha)
                .setObjectCount(1).setPlainBytes(object.plainBytes()).setStoredBytes(object.storedBytes())
                .setCopies(stored)
                .build();
        producer.send(new ProducerRecord<>(Topics.BACKUP_COMPLETED.name(), id, event)).get();
        return new Backup(id, objectKey, manifestKey, manifestSha, tables, takenAt);
    }

    /**
     * A dump as backup-service takes it: {@code pg_dump -Fc -Z0 -E UTF8} written to a pipe (so its table of contents
     * has no data offsets) in the fingerprint session settings.
     */
    private static void pgDump(PostgresCluster pg, String database, Path file) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(PostgresTools.tool("pg_dump").toString(), "-Fc", "-Z0", "-E",
                "UTF8", "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", "postgres", database)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(ProcessBuilder.Redirect.INHERIT);
        StringBuilder options = new StringBuilder();
        TableFingerprints.SESSION_SETTINGS.forEach((k, v) -> options.append(" -c ").append(k).append('=').append(v));
        builder.environment().put("PGOPTIONS", options.toString().trim());
        Process p = builder.start();
        try (InputStream in = p.getInputStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(p.waitFor()).as("pg_dump of " + database).isZero();
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
