package io.lifeboat.restore.pitr;

import io.lifeboat.format.crypto.DataKey;
import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.object.ObjectReader;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.wal.WalSegmentName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies archived WAL segments out of the repository, decrypted and verified, into a directory, segment after
 * segment from the first one until the archive ends (no location has the next segment) or the target LSN's segment
 * is staged, or the staging thread is interrupted (the server reached its target and was promoted). For a time or a
 * named restore point every segment is offered: when a segment was stored says nothing about the times of the commits
 * inside it, and PostgreSQL stops at the target by itself. Each segment appears under its name atomically.
 */
final class WalStager {

    private static final Logger log = LoggerFactory.getLogger(WalStager.class);
    static final String WAL_DATA_TYPE = "WAL";

    /** What was staged: how many segments, the last one, which locations served them, and problems met. */
    record Staged(int segments, Optional<WalSegmentName> last, Map<String, Integer> byLocation,
                  List<String> problems) {

        String describe() {
            return segments + " wal segments" + last.map(l -> " up to " + l.fileName()).orElse("") + " from "
                    + byLocation + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        }
    }

    private final List<StorageLocation> locations;
    private final ManifestStore manifests;

    WalStager(List<StorageLocation> locations, ManifestStore manifests) {
        this.locations = locations;
        this.manifests = manifests;
    }

    Staged stage(String systemIdentifier, WalSegmentName first, Optional<WalSegmentName> lastNeeded, Path dir)
            throws IOException {
        Map<String, Integer> byLocation = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Optional<WalSegmentName> last = Optional.empty();
        int count = 0;
        for (WalSegmentName name = first; !Thread.currentThread().isInterrupted(); name = name.next()) {
            String key = RepositoryLayout.manifestKey(WAL_DATA_TYPE, name.backupId(systemIdentifier));
            Optional<Fetched> fetched = fetch(name, key, dir, problems);
            if (fetched.isEmpty()) {
                break;
            }
            count++;
            last = Optional.of(name);
            byLocation.merge(fetched.get().location(), 1, Integer::sum);
            if (lastNeeded.map(name::equals).orElse(false)) {
                break;
            }
        }
        log.info("staged {} wal segments from {} to {} ({})", count, first, last.map(Object::toString).orElse("-"),
                byLocation);
        return new Staged(count, last, byLocation, problems);
    }

    private record Fetched(String location) {
    }

    private Optional<Fetched> fetch(WalSegmentName name, String key, Path dir, List<String> problems)
            throws IOException {
        List<String> rejected = new ArrayList<>();
        for (StorageLocation location : locations) {
            Path partial = dir.resolve(name.fileName() + ".partial-copy");
            try {
                Storage storage = location.open();
                Manifest manifest = manifests.read(storage, key);
                DataKey dataKey = manifest.encryption() == null ? null : manifests.dataKey(manifest);
                try (InputStream in = ObjectReader.open(storage, manifest.objects().get(0), dataKey)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, dir.resolve(name.fileName()), StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(new Fetched(location.name()));
            } catch (ManifestException e) {
                if (e.kind() != ManifestException.Kind.MISSING) {
                    rejected.add(location.name() + ": " + e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                rejected.add(location.name() + ": " + e.getMessage());
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        if (!rejected.isEmpty()) {
            problems.add("wal segment " + name + " has no intact copy (" + String.join("; ", rejected)
                    + "); replay cannot go past it");
        }
        return Optional.empty();
    }
}
