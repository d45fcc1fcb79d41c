package io.lifeboat.backup.media;

import io.lifeboat.backup.catalogue.Catalogue;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** One incremental step of the media mirror: the files not mirrored yet, as one MEDIA backup. */
final class MediaMirror implements BackupJob {

    static final String DATA_TYPE = "MEDIA";
    private static final String FILE_KEY = "file.";

    private final Path directory;
    private final BackupCommit commit;
    private final Clock clock;
    private final ObjectWriter writer = new ObjectWriter();
    private final Set<String> mirrored = ConcurrentHashMap.newKeySet();

    MediaMirror(Path directory, BackupCommit commit, Clock clock) {
        this.directory = directory;
        this.commit = commit;
        this.clock = clock;
    }

    @Override
    public String dataType() {
        return DATA_TYPE;
    }

    @Override
    public String source() {
        return directory.toString();
    }

    /** Reads which files earlier runs mirrored from the committed MEDIA manifests. */
    void recall(Catalogue catalogue) {
        for (Manifest m : catalogue.list(Optional.of(DATA_TYPE))) {
            m.metadata().forEach((k, v) -> {
                if (k.startsWith(FILE_KEY)) {
                    mirrored.add(v);
                }
            });
        }
    }

    /** Files not mirrored yet, as "relative path|size|mtime" identities, sorted. */
    List<String> unmirrored() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> fresh = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString()
                    .startsWith(".")).sorted().toList()) {
                String identity = directory.relativize(file).toString().replace('\\', '/') + "|" + Files.size(file)
                        + "|" + Files.getLastModifiedTime(file).toMillis();
                if (!mirrored.contains(identity)) {
                    fresh.add(identity);
                }
            }
        }
        return fresh;
    }

    @Override
    public BackupOutcome run(String backupId) {
        Instant started = clock.instant();
        Storage primary = commit.primary();
        DataKey dataKey = DataKey.generate();
        List<ManifestObject> objects = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "media-files");
        try {
            List<String> fresh = unmirrored();
            for (int i = 0; i < fresh.size(); i++) {
                String identity = fresh.get(i);
                String relative = identity.substring(0, identity.indexOf('|'));
                String key = RepositoryLayout.objectKey(DATA_TYPE, backupId, i + "-"
                        + Path.of(relative).getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_"));
                try (InputStream in = Files.newInputStream(directory.resolve(relative))) {
                    objects.add(writer.write(primary, key, in, dataKey));
                }
                metadata.put(FILE_KEY + i, identity);
            }
        } catch (IOException | StorageException e) {
            objects.forEach(o -> commit.discard(primary, o.key()));
            BackupOutcome.FailureReason reason = e instanceof StorageException
                    ? BackupOutcome.FailureReason.STORAGE_UNAVAILABLE : BackupOutcome.FailureReason.DUMP_FAILED;
            return new BackupOutcome.Failed(backupId, DATA_TYPE, source(), reason, e.getMessage());
        }
        BackupOutcome outcome = commit.commit(new Manifest(Manifest.FORMAT_VERSION, backupId, DATA_TYPE, source(),
                started, clock.instant(), objects, metadata, Map.of()), dataKey);
        if (outcome instanceof BackupOutcome.Completed) {
            metadata.forEach((k, v) -> {
                if (k.startsWith(FILE_KEY)) {
                    mirrored.add(v);
                }
            });
        }
        return outcome;
    }
}
