package io.lifeboat.verify.wal;

import io.lifeboat.format.layout.RepositoryLayout;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.wal.WalSegmentName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WAL archives of every cluster at one location, from one listing of the WAL backups' folder: a segment counts
 * when its manifest (the commit marker) is stored.
 */
public final class StoredWalArchive implements WalArchive {

    /** Data type of WAL backups, as the repository layout names it. */
    public static final String DATA_TYPE = "WAL";
    private static final Pattern HISTORY = Pattern.compile("([0-9A-F]{8})\\.history");

    private final List<String> segments = new ArrayList<>();
    private final Set<Long> histories = new HashSet<>();

    private StoredWalArchive() {
    }

    /** The archive of each system identifier found at {@code storage}. */
    public static Map<String, WalArchive> bySystem(Storage storage) {
        // RepositoryLayout.backupPrefix puts data type WAL under this folder
        String prefix = RepositoryLayout.BACKUPS_ROOT + "wal/";
        Map<String, StoredWalArchive> archives = new TreeMap<>();
        for (String key : storage.list(prefix)) {
            if (!RepositoryLayout.isManifestKey(key)) {
                continue;
            }
            String backupId = key.substring(prefix.length(), key.length() - RepositoryLayout.MANIFEST_FILE.length() - 1);
            int dash = backupId.lastIndexOf('-');
            if (dash < 0) {
                continue;
            }
            String name = backupId.substring(0, dash);
            StoredWalArchive archive = archives.computeIfAbsent(backupId.substring(dash + 1),
                    s -> new StoredWalArchive());
            Matcher history = HISTORY.matcher(name);
            if (history.matches()) {
                archive.histories.add(Long.parseLong(history.group(1), 16));
            } else if (WalSegmentName.isSegmentFileName(name)) {
                archive.segments.add(name);
            }
        }
        return Map.copyOf(archives);
    }

    @Override
    public List<String> segmentNames() {
        return List.copyOf(segments);
    }

    @Override
    public Set<Long> timelinesWithHistory() {
        return Set.copyOf(histories);
    }
}
