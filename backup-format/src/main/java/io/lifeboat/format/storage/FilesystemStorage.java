package io.lifeboat.format.storage;

import io.lifeboat.format.storage.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory. A put writes a hidden temporary file beside the target, forces it to
 * disk and renames it into place, so a crash never leaves a partial object under the real key.
 */
public final class FilesystemStorage implements Storage {

    private static final String TEMP_PREFIX = ".partial-";

    private final Path root;

    public FilesystemStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    @Override
    public long put(String key, InputStream data) {
        Path target = resolve(key);
        Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = data.transferTo(out);
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException(Reason.UNAVAILABLE, "unable to write '" + key + "' to " + describe()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            throw new StorageException(Reason.NOT_FOUND, "object '" + key + "' not found in " + describe(), e);
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to open '" + key + "' for read in "
                    + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public long size(String key) {
        try {
            return Files.size(resolve(key));
        } catch (NoSuchFileException e) {
            throw new StorageException(Reason.NOT_FOUND, "object '" + key + "' not found in " + describe(), e);
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to stat '" + key + "' in " + describe()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to list '" + prefix + "' in " + describe()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to delete '" + key + "' in " + describe()
                    + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new StorageException(Reason.REFUSED, "invalid object key '" + key + "'", null);
        }
        return root.resolve(key).normalize();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temp file is never read as an object
        }
    }
}
