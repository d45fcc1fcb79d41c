package io.lifeboat.format.storage;

import io.lifeboat.format.storage.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

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
    public boolean putIfAbsent(String key, InputStream data) {
        Path target = resolve(key);
        Path temp = target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            try (OutputStream out = Files.newOutputStream(temp)) {
                data.transferTo(out);
            }
            // a hard link fails if the target exists: of two concurrent callers only one creates it
            Files.createLink(target, temp);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to write '" + key + "' to " + describe()
                    + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
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
        Path path = resolve(key);
        if (Files.isRegularFile(path)) {
            return true;
        }
        // "no" is only an answer if the location itself is usable
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to stat '" + key + "' in " + describe()
                    + ": the root is not a directory", null);
        }
        return false;
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
        return listObjects(prefix).stream().map(ListedObject::key).collect(Collectors.toCollection(ArrayList::new));
    }

    /** What to do with each regular file of a walk. */
    @FunctionalInterface
    private interface FileVisit {
        void visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Visits every regular file below {@code start}; files that vanish mid-walk (a concurrent delete, a temporary file
     * being renamed) are skipped rather than failing the walk.
     */
    private static void walkFiles(Path start, FileVisit visit) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    visit.visit(file, attributes);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** Removes temporary files of puts that never finished (a killed process), last modified before the time. */
    @Override
    public int removeAbandonedWrites(Instant startedBefore) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int[] removed = {0};
        try {
            walkFiles(root, (file, attributes) -> {
                if (file.getFileName().toString().startsWith(TEMP_PREFIX)
                        && attributes.lastModifiedTime().toInstant().isBefore(startedBefore)
                        && Files.deleteIfExists(file)) {
                    removed[0]++;
                }
            });
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to remove abandoned temporary files in "
                    + describe() + ": " + e.getMessage(), e);
        }
        return removed[0];
    }

    /** The version is the file's modification time, as precise as the filesystem keeps it. */
    @Override
    public List<ListedObject> listObjects(String prefix) {
        if (!Files.exists(root)) {
            return List.of();
        }
        if (!Files.isDirectory(root)) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to list '" + prefix + "' in " + describe()
                    + ": the root is not a directory", null);
        }
        // walk only the deepest folder the prefix names
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(ObjectKeys.requireValid(prefix.substring(0, slash + 1)));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ListedObject> objects = new ArrayList<>();
        try {
            walkFiles(start, (file, attributes) -> {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (!file.getFileName().toString().startsWith(TEMP_PREFIX) && key.startsWith(prefix)) {
                    objects.add(new ListedObject(key, attributes.size(), attributes.lastModifiedTime().toString()));
                }
            });
        } catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "unable to list '" + prefix + "' in " + describe()
                    + ": " + e.getMessage(), e);
        }
        objects.sort(Comparator.comparing(ListedObject::key));
        return objects;
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
        return root.resolve(ObjectKeys.requireValid(key)).normalize();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temp file is never read as an object
        }
    }
}
