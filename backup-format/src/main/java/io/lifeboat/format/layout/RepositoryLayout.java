package io.lifeboat.format.layout;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Storage keys of the repository: {@code backups/<data-type>/<backup-id>/data/<name>} for data objects and
 * {@code backups/<data-type>/<backup-id>/manifest.json} for the manifest.
 */
public final class RepositoryLayout {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    public static final String MANIFEST_FILE = "manifest.json";

    private RepositoryLayout() {
    }

    public static String backupPrefix(String dataType, String backupId) {
        return "backups/" + safe(dataType.toLowerCase(Locale.ROOT).replace('_', '-'), "data type") + "/"
                + safe(backupId, "backup id") + "/";
    }

    public static String manifestKey(String dataType, String backupId) {
        return backupPrefix(dataType, backupId) + MANIFEST_FILE;
    }

    public static String objectKey(String dataType, String backupId, String name) {
        return backupPrefix(dataType, backupId) + "data/" + safe(name, "object name");
    }

    private static String safe(String part, String what) {
        if (part == null || !SAFE.matcher(part).matches() || part.startsWith(".")) {
            throw new IllegalArgumentException("invalid " + what + " '" + part + "' for a storage key");
        }
        return part;
    }
}
