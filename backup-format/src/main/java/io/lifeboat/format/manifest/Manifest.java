package io.lifeboat.format.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lifeboat.format.crypto.WrappedDataKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup is.
 *
 * @param formatVersion version of this format; readers refuse versions they do not know
 * @param backupId      unique id of the backup
 * @param dataType      what the backup holds (the names of the DataType event enum)
 * @param source        what was backed up, e.g. a database name
 * @param metadata      facts about the source at backup time (server version, WAL range, ...)
 * @param tables        per-table fingerprints taken inside the backup's snapshot, keyed by schema.table
 * @param encryption    the backup's data key wrapped by a master key; null when the objects are not encrypted
 */
public record Manifest(int formatVersion, String backupId, String dataType, String source, Instant startedAt,
                       Instant completedAt, List<ManifestObject> objects, Map<String, String> metadata,
                       Map<String, TableFingerprint> tables,
                       @JsonInclude(JsonInclude.Include.NON_NULL) WrappedDataKey encryption) {

    public static final int FORMAT_VERSION = 1;

    public Manifest {
        Objects.requireNonNull(backupId, "backupId");
        Objects.requireNonNull(dataType, "dataType");
        objects = List.copyOf(objects);
        metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        tables = Map.copyOf(tables == null ? Map.of() : tables);
    }

    /** A manifest of unencrypted objects (the component list before encryption was added). */
    public Manifest(int formatVersion, String backupId, String dataType, String source, Instant startedAt,
                    Instant completedAt, List<ManifestObject> objects, Map<String, String> metadata,
                    Map<String, TableFingerprint> tables) {
        this(formatVersion, backupId, dataType, source, startedAt, completedAt, objects, metadata, tables, null);
    }

    /** This manifest with its data key wrapped as {@code encryption} (for a new backup, or after a rotation). */
    public Manifest withEncryption(WrappedDataKey encryption) {
        return new Manifest(formatVersion, backupId, dataType, source, startedAt, completedAt, objects, metadata,
                tables, encryption);
    }

    public long plainBytes() {
        return objects.stream().mapToLong(ManifestObject::plainBytes).sum();
    }

    public long storedBytes() {
        return objects.stream().mapToLong(ManifestObject::storedBytes).sum();
    }
}
