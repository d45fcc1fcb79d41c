package io.lifeboat.verify.wal;

import io.lifeboat.format.storage.Storage;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A location's WAL archive, listed from storage under a prefix (one listing per call). */
public final class StoredWalArchive implements WalArchive {

    private static final Pattern HISTORY = Pattern.compile("([0-9A-Fa-f]{8})\\.history");
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-Fa-f]{24}");

    private final Storage storage;
    private final String prefix;

    public StoredWalArchive(Storage storage, String prefix) {
        this.storage = storage;
        this.prefix = prefix;
    }

    @Override
    public List<String> segmentNames() {
        return storage.list(prefix).stream().map(StoredWalArchive::fileName)
                .filter(n -> SEGMENT.matcher(n).matches()).map(n -> n.toUpperCase(Locale.ROOT)).toList();
    }

    @Override
    public Set<Long> timelinesWithHistory() {
        return storage.list(prefix).stream().map(StoredWalArchive::fileName)
                .map(HISTORY::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> Long.parseLong(m.group(1), 16)).collect(Collectors.toSet());
    }

    /** The storage key of {@code segmentName} in an archive under {@code prefix}. */
    public static String key(String prefix, String segmentName) {
        return prefix + segmentName;
    }

    static String fileName(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

}
