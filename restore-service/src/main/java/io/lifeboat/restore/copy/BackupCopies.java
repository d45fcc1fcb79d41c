package io.lifeboat.restore.copy;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.postgres.DumpArchiveException;
import io.lifeboat.format.postgres.DumpArchiveScanner;
import io.lifeboat.format.postgres.DumpDataOffsets;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads backups from the first location, in configured order, whose copy is intact. Thread-safe. */
public final class BackupCopies {

    private static final Logger log = LoggerFactory.getLogger(BackupCopies.class);

    /** Name of the dump object of a DATABASE_DUMP backup (backup-service's layout). */
    public static final String DUMP_OBJECT = "database.pgdump";

    private final List<StorageLocation> locations;
    private final ManifestStore manifests;

    public BackupCopies(List<StorageLocation> locations, ManifestStore manifests) {
        this.locations = List.copyOf(locations);
        this.manifests = manifests;
    }

    /**
     * Writes a pg_dump archive and then records its data offsets in its table of contents (see
     * {@link DumpDataOffsets}), so that pg_restore's parallel jobs seek to their tables' data instead of each
     * reading through the archive. An archive whose structure cannot be read (another archive version, a
     * compressed dump) is written unchanged: pg_restore still restores it, only slower.
     */
    private static void writeDump(InputStream plaintext, Path file) throws IOException {
        DumpArchiveScanner structure = DumpArchiveScanner.structureOnly();
        DumpArchiveException unreadable = null;
        byte[] buffer = new byte[256 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = plaintext.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (unreadable == null) {
                    try {
                        structure.update(buffer, 0, n);
                    } catch (DumpArchiveException e) {
                        unreadable = e;
                    }
                }
            }
        }
        try {
            if (unreadable != null) {
                throw unreadable;
            }
            structure.finish();
        } catch (DumpArchiveException e) {
            log.info("dump '{}' is restored without recorded data offsets: {}", file.getFileName(), e.getMessage());
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            structure.dataOffsets().writeInto(channel);
        }
    }

    /**
     * Decrypts every object {@code wanted} selects into the file {@code destination} names ({@link #writeDump}),
     * from the first location whose manifest and objects are all intact. Files of a rejected copy are deleted before
     * the next location is tried; the caller removes the files of the returned copy.
     */
    private FetchedCopy fetch(CatalogueEntry entry, Predicate<ManifestObject> wanted,
                              Function<ManifestObject, Path> destination) throws NoIntactCopy {
        List<String> rejected = new ArrayList<>();
        for (StorageLocation location : locations) {
            if (!entry.storedAt().contains(location.name())) {
                continue;
            }
            Map<String, Path> files = new LinkedHashMap<>();
            try {
                Storage storage = location.open();
                Manifest manifest = announcedManifest(storage, entry);
                List<ManifestObject> objects = manifest.objects().stream().filter(wanted).toList();
                DataKey key = objects.isEmpty() || manifest.encryption() == null ? null : manifests.dataKey(manifest);
                for (ManifestObject object : objects) {
                    Path file = destination.apply(object);
                    files.put(object.key(), file);
                    try (InputStream in = ObjectReader.open(storage, object, key)) {
                        writeDump(in, file);
                    }
                }
                if (!rejected.isEmpty()) {
                    log.warn("backup {} read from '{}' after skipping: {}", entry.backupId(), location.name(),
                            String.join("; ", rejected));
                }
                return new FetchedCopy(location.name(), manifest, files, rejected);
            } catch (IOException | RuntimeException e) {
                log.warn("copy of backup {} at '{}' is not usable: {}", entry.backupId(), location.name(),
                        e.getMessage());
                rejected.add(location.name() + ": " + e.getMessage());
                files.values().forEach(BackupCopies::deleteQuietly);
            }
        }
        throw new NoIntactCopy("no intact copy of backup '" + entry.backupId() + "' found"
                + (rejected.isEmpty() ? " at any configured location" : ": " + String.join("; ", rejected)));
    }

    /** Where {@link #streamInto} hands each object's plaintext; {@link #reset()} undoes a partly read copy. */
    public interface Sink {

        /**
         * Takes in one object's plaintext.
         *
         * @throws IOException        reading the plaintext failed: the copy is not usable, the next is tried
         * @throws DestinationFailure the sink's own destination failed: no other copy would fare better
         */
        void write(ManifestObject object, InputStream plaintext) throws IOException, DestinationFailure;

        void reset() throws IOException;
    }

    /**
     * Hands the plaintext of every object {@code wanted} selects to {@code sink} as it is decrypted, without a
     * temporary file, from the first location whose manifest and objects are intact. The plaintext is authenticated
     * segment by segment, but an object is proven whole only at its end: when that fails the sink is reset and the
     * next location is tried, so a sink must only write where a reset can undo it. A {@link DestinationFailure}
     * stops at once and is thrown as it is.
     */
    public FetchedCopy streamInto(CatalogueEntry entry, Predicate<ManifestObject> wanted, Sink sink)
            throws NoIntactCopy, DestinationFailure {
        List<String> rejected = new ArrayList<>();
        for (StorageLocation location : locations) {
            if (!entry.storedAt().contains(location.name())) {
                continue;
            }
            try {
                Storage storage = location.open();
                Manifest manifest = announcedManifest(storage, entry);
                List<ManifestObject> objects = manifest.objects().stream().filter(wanted).toList();
                DataKey key = objects.isEmpty() || manifest.encryption() == null ? null : manifests.dataKey(manifest);
                for (ManifestObject object : objects) {
                    try (InputStream in = ObjectReader.open(storage, object, key)) {
                        sink.write(object, in);
                        // the sink may stop before the end; the end is where the whole object is proven
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
                return new FetchedCopy(location.name(), manifest, Map.of(), rejected);
            } catch (IOException | RuntimeException e) {
                log.warn("copy of backup {} at '{}' is not usable: {}", entry.backupId(), location.name(),
                        e.getMessage());
                rejected.add(location.name() + ": " + e.getMessage());
                try {
                    sink.reset();
                } catch (IOException resetFailure) {
                    throw new IllegalStateException("cannot undo a partly read copy of backup '" + entry.backupId()
                            + "': " + resetFailure.getMessage(), resetFailure);
                }
            }
        }
        throw new NoIntactCopy("no intact copy of backup '" + entry.backupId() + "' found"
                + (rejected.isEmpty() ? " at any configured location" : ": " + String.join("; ", rejected)));
    }

    /**
     * Decrypts the backup's dump (the object named {@value #DUMP_OBJECT}, else its only object) into a new file in
     * {@code scratchDir}; the caller deletes it.
     */
    public FetchedCopy fetchDump(CatalogueEntry entry, Path scratchDir) throws NoIntactCopy, IOException {
        Files.createDirectories(scratchDir);
        return fetch(entry, BackupCopies::isDump, o -> {
            try {
                return Files.createTempFile(scratchDir, "lifeboat-" + entry.backupId() + "-", ".pgdump");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create a file in scratch directory '" + scratchDir
                        + "'", e);
            }
        });
    }

    /** Whether {@code object} is a DATABASE_DUMP backup's dump. */
    public static boolean isDump(ManifestObject object) {
        return object.key().endsWith("/" + DUMP_OBJECT) || object.key().endsWith(".pgdump");
    }

    /** Deletes the decrypted files of {@code copy}. */
    public static void discard(FetchedCopy copy) {
        if (copy != null) {
            copy.files().values().forEach(BackupCopies::deleteQuietly);
        }
    }

    private Manifest announcedManifest(Storage storage, CatalogueEntry entry) throws IOException {
        String sha;
        try (InputStream in = storage.open(entry.manifestKey())) {
            sha = DigestingInputStream.drain(in).sha256();
        }
        if (!sha.equals(entry.manifestSha256())) {
            throw new IOException("manifest '" + entry.manifestKey() + "' differs from the one announced");
        }
        return manifests.read(storage, entry.manifestKey());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove '{}': {}", file, e.getMessage());
        }
    }
}
