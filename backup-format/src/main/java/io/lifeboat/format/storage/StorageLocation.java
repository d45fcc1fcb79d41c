package io.lifeboat.format.storage;

import java.net.URI;
import java.nio.file.Path;

/**
 * A named place where every backup is copied, as configured: {@code name}, {@code tier} and a {@code url}
 * ({@code file:/path} or a plain path for the filesystem driver).
 */
public record StorageLocation(String name, StorageTier tier, String url) {

    public StorageLocation {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("storage location needs a 'name'");
        }
        if (tier == null) {
            throw new IllegalArgumentException("storage location '" + name + "' needs a 'tier' (PRIMARY, SECONDARY or COLD)");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("storage location '" + name + "' needs a 'url'");
        }
    }

    /** Opens the driver this location's URL names. */
    public Storage open() {
        if (url.startsWith("file:")) {
            return new FilesystemStorage(Path.of(URI.create(url)));
        }
        if (url.startsWith("/") || url.startsWith(".")) {
            return new FilesystemStorage(Path.of(url));
        }
        throw new IllegalArgumentException("storage location '" + name + "' has url '" + url
                + "' of a kind this build cannot open (expected file:/path)");
    }
}
