package io.lifeboat.verify.location;

import io.lifeboat.format.storage.FilesystemStorage;
import io.lifeboat.format.storage.S3Storage;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.verify.config.LocationProperties;
import io.lifeboat.verify.config.VerifyProperties;
import java.io.IOException;
import java.net.URI;
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
     * under its prefix against its configured quota. Empty when there is nothing to measure against.
     */
    public Optional<StorageUse> use(Location location) {
        Path root = filesystemRoots.get(location.name());
        if (root != null) {
            try {
                FileStore store = Files.getFileStore(Files.isDirectory(root) ? root : root.getParent());
                return Optional.of(new StorageUse(location.name(), store.getTotalSpace() - store.getUsableSpace(),
                        store.getTotalSpace()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        if (location.quotaBytes() <= 0) {
            return Optional.empty();
        }
        Storage storage = location.storage();
        long used = storage.list("").stream().mapToLong(storage::size).sum();
        return Optional.of(new StorageUse(location.name(), used, location.quotaBytes()));
    }

    private Storage open(LocationProperties p) {
        if (p.isS3()) {
            URI url = URI.create(p.url());
            String prefix = url.getPath() == null ? "" : url.getPath().replaceFirst("^/", "");
            S3Storage.Builder builder = S3Storage.builder().bucket(url.getHost()).prefix(prefix)
                    .pathStyleAccess(p.pathStyle());
            if (p.region() != null && !p.region().isBlank()) {
                builder.region(p.region());
            }
            if (p.endpoint() != null) {
                builder.endpoint(p.endpoint());
            }
            if (p.accessKey() != null && !p.accessKey().isBlank()) {
                builder.credentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(p.accessKey(), p.secretKey())));
            }
            return builder.build();
        }
        Path root;
        if (p.url().startsWith("file:")) {
            root = Path.of(URI.create(p.url()));
        } else if (p.url().startsWith("/") || p.url().startsWith(".")) {
            root = Path.of(p.url());
        } else {
            throw new IllegalArgumentException("lifeboat.verify.locations '" + p.name() + "' has url '" + p.url()
                    + "' of a kind this service cannot open (expected file:/path or s3://bucket/prefix)");
        }
        filesystemRoots.put(p.name(), root);
        return new FilesystemStorage(root);
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
