package io.lifeboat.verify.location;

import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.verify.config.LocationProperties;
import io.lifeboat.verify.config.VerifyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The configured locations by name, each opened once. */
@Component
public class Locations implements DisposableBean {

    private final Map<String, Location> byName = new LinkedHashMap<>();
    private final Map<String, Path> filesystemRoots = new LinkedHashMap<>();

    public Locations(VerifyProperties properties) {
        for (LocationProperties p : properties.locations()) {
            if (byName.containsKey(p.name())) {
                throw new IllegalArgumentException("lifeboat.verify.locations names '" + p.name() + "' twice");
            }
            byName.put(p.name(), new Location(p.name(), p.tier(), open(p), p.quotaBytes()));
        }
    }

    public List<Location> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Location> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * How full {@code location} is: for the filesystem driver the volume that holds it; for S3 the bytes stored
     * under its prefix against its configured quota. Empty when there is nothing to measure against; throws when the
     * location cannot be measured now (unreadable volume, S3 not answering), which is not the same as empty.
     */
    public Optional<StorageUse> use(Location location) {
        Path root = filesystemRoots.get(location.name());
        if (root != null) {
            try {
                FileStore store = Files.getFileStore(Files.isDirectory(root) ? root : root.getParent());
                return Optional.of(new StorageUse(location.name(), store.getTotalSpace() - store.getUsableSpace(),
                        store.getTotalSpace()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot measure the volume of location '" + location.name() + "'", e);
            }
        }
        if (location.quotaBytes() <= 0) {
            return Optional.empty();
        }
        Storage storage = location.storage();
        long used = storage.list("").stream().mapToLong(storage::size).sum();
        return Optional.of(new StorageUse(location.name(), used, location.quotaBytes()));
    }

    /** Opens the location through backup-format's one URL parser; the extra S3 fields go into its query. */
    private Storage open(LocationProperties p) {
        AwsCredentialsProvider credentials = p.accessKey() == null || p.accessKey().isBlank() ? null
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(p.accessKey(), p.secretKey()));
        Storage storage;
        try {
            storage = new StorageLocation(p.name(), p.tier(), p.isS3() ? s3Url(p) : p.url()).open(credentials);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lifeboat.verify.locations: " + e.getMessage(), e);
        }
        if (storage instanceof FilesystemStorage filesystem) {
            filesystemRoots.put(p.name(), filesystem.root());
        }
        return storage;
    }

    private static String s3Url(LocationProperties p) {
        StringBuilder url = new StringBuilder(p.url()).append(p.url().contains("?") ? '&' : '?');
        if (p.endpoint() != null) {
            url.append("endpoint=").append(URLEncoder.encode(p.endpoint().toString(), StandardCharsets.UTF_8))
                    .append('&');
        }
        if (p.region() != null && !p.region().isBlank()) {
            url.append("region=").append(URLEncoder.encode(p.region(), StandardCharsets.UTF_8)).append('&');
        }
        return url.append("path-style=").append(p.pathStyle()).toString();
    }

    @Override
    public void destroy() {
        for (Location location : byName.values()) {
            if (location.storage() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // shutting down
                }
            }
        }
    }
}
