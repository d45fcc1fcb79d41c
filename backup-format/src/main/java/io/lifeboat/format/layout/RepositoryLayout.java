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
    /** Folder that holds every backup: list it to find all manifests. */
    public static final String BACKUPS_ROOT = "backups/";

    private RepositoryLayout() {
    }

    public static String backupPrefix(String dataType, String backupId) {
        return BACKUPS_ROOT + safe(dataType.toLowerCase(Locale.ROOT).replace('_', '-'), "data type") + "/"
                + safe(backupId, "backup id") + "/";
    }

    public static String manifestKey(String dataType, String backupId) {
        return backupPrefix(dataType, backupId) + MANIFEST_FILE;
    }

    public static String objectKey(String dataType, String backupId, String name) {
        return backupPrefix(dataType, backupId) + "data/" + safe(name, "object name");
    }

    /** Whether {@code key} is where this layout puts a manifest. */
    public static boolean isManifestKey(String key) {
        return key != null && key.startsWith(BACKUPS_ROOT) && key.endsWith("/" + MANIFEST_FILE)
                && key.split("/", -1).length == 4;
    }

    private static String safe(String part, String what) {
        if (part == null || !SAFE.matcher(part).matches() || part.startsWith(".")) {
            throw new IllegalArgumentException("invalid " + what + " '" + part + "' for a storage key");
        }
        return part;
    }
}
