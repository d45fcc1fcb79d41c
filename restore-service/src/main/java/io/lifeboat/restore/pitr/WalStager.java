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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies archived WAL out of the repository, decrypted and verified, into a directory: first every timeline history
 * file after the base backup's timeline (the newest one tells which timeline holds each segment on the way to it, so
 * a restore follows failovers and earlier point-in-time recoveries of the source), then segment after segment from
 * the first one until the archive ends (no location has the next segment) or the target LSN's segment is staged, or
 * the staging thread is interrupted (the server reached its target and was promoted). For a time or a named restore
 * point every segment is offered: when a segment was stored says nothing about the times of the commits inside it,
 * and PostgreSQL stops at the target by itself. Each file appears under its name atomically.
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

    /**
     * Stages the history files of every timeline after {@code baseTimeline} that the repository has, in order, and
     * returns the path to the newest.
     */
    TimelineHistory stageHistories(String systemIdentifier, long baseTimeline, Path dir) throws IOException {
        TimelineHistory history = TimelineHistory.single(baseTimeline);
        List<String> problems = new ArrayList<>();
        for (long timeline = baseTimeline + 1; !Thread.currentThread().isInterrupted(); timeline++) {
            String fileName = HexFormat.of().withUpperCase().toHexDigits((int) timeline) + ".history";
            String key = RepositoryLayout.manifestKey(WAL_DATA_TYPE, fileName + "-" + systemIdentifier);
            if (fetch(fileName, key, dir, problems).isEmpty()) {
                break;
            }
            try {
                history = TimelineHistory.parse(timeline, Files.readString(dir.resolve(fileName)));
            } catch (IllegalArgumentException e) {
                throw new IOException("timeline history " + fileName + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (!problems.isEmpty()) {
            log.warn("timeline history staging stopped: {}", String.join("; ", problems));
        }
        if (history.newest() != baseTimeline) {
            log.info("wal is followed from timeline {} to timeline {} ({} switches)", baseTimeline,
                    history.newest(), history.switches().size());
        }
        return history;
    }

    /**
     * The path to timeline {@code target} from the base backup's timeline {@code base}, from the history files
     * {@link #stageHistories} put in {@code dir}.
     *
     * @throws IOException naming the timeline when it is older than the base backup's, is not in the archive, or
     *                     does not descend from the base backup's timeline
     */
    static TimelineHistory pathTo(long target, long base, Path dir) throws IOException {
        if (target == base) {
            return TimelineHistory.single(base);
        }
        if (target < base) {
            throw new IOException("timeline " + target + " is older than timeline " + base + " of the base backup,"
                    + " which cannot be recovered onto it");
        }
        String fileName = HexFormat.of().withUpperCase().toHexDigits((int) target) + ".history";
        Path file = dir.resolve(fileName);
        if (!Files.exists(file)) {
            throw new IOException("timeline " + target + " is not in the wal archive (no intact copy of "
                    + fileName + ")");
        }
        TimelineHistory path;
        try {
            path = TimelineHistory.parse(target, Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException("timeline history " + fileName + " cannot be read: " + e.getMessage(), e);
        }
        if (path.switches().stream().noneMatch(s -> s.timeline() == base)) {
            throw new IOException("timeline " + target + " does not descend from timeline " + base
                    + " of the base backup (" + fileName + ")");
        }
        return path;
    }

    Staged stage(String systemIdentifier, WalSegmentName first, TimelineHistory timelines,
                 Optional<WalSegmentName> lastNeeded, Path dir) throws IOException {
        Map<String, Integer> byLocation = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Optional<WalSegmentName> last = Optional.empty();
        int count = 0;
        for (long segmentNo = first.segmentNo(); !Thread.currentThread().isInterrupted(); segmentNo++) {
            WalSegmentName name = new WalSegmentName(timelines.timelineOf(segmentNo, first.segmentSize()),
                    segmentNo, first.segmentSize());
            String key = RepositoryLayout.manifestKey(WAL_DATA_TYPE, name.backupId(systemIdentifier));
            Optional<Fetched> fetched = fetch(name.fileName(), key, dir, problems);
            if (fetched.isEmpty()) {
                break;
            }
            count++;
            last = Optional.of(name);
            byLocation.merge(fetched.get().location(), 1, Integer::sum);
            if (lastNeeded.map(n -> n.segmentNo() == name.segmentNo()).orElse(false)) {
                break;
            }
        }
        log.info("staged {} wal segments from {} to {} ({})", count, first, last.map(Object::toString).orElse("-"),
                byLocation);
        return new Staged(count, last, byLocation, problems);
    }

    private record Fetched(String location) {
    }

    private Optional<Fetched> fetch(String fileName, String key, Path dir, List<String> problems)
            throws IOException {
        List<String> rejected = new ArrayList<>();
        for (StorageLocation location : locations) {
            Path partial = dir.resolve(fileName + ".partial-copy");
            try {
                Storage storage = location.open();
                Manifest manifest = manifests.read(storage, key);
                DataKey dataKey = manifest.encryption() == null ? null : manifests.dataKey(manifest);
                try (InputStream in = ObjectReader.open(storage, manifest.objects().get(0), dataKey)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
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
            problems.add("wal file " + fileName + " has no intact copy (" + String.join("; ", rejected)
                    + "); replay cannot go past it");
        }
        return Optional.empty();
    }
}
