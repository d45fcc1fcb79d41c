package io.lifeboat.restore.interrupted;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a scratch directory for as long as this service runs (the operating system releases it when
 * the process dies, however it dies), so that a second service configured with the same directory refuses to start
 * instead of sweeping away the first one's work.
 */
final class ScratchLock implements AutoCloseable {

    static final String FILE = ".lifeboat-restore.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ScratchLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code scratch}, creating the directory if needed.
     *
     * @throws IllegalStateException naming the directory when another service holds it, or it cannot be locked
     */
    static ScratchLock take(Path scratch) {
        FileChannel channel = null;
        try {
            Files.createDirectories(scratch);
            channel = FileChannel.open(scratch.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(inUse(scratch));
            }
            return new ScratchLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new IllegalStateException(inUse(scratch), e);
        } catch (IOException e) {
            close(channel);
            throw new IllegalStateException("cannot lock scratch directory '" + scratch + "': " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            close(channel);
            throw e;
        }
    }

    private static String inUse(Path scratch) {
        return "scratch directory '" + scratch + "' is in use by another restore-service (it holds '" + FILE
                + "'); give each instance a scratch directory of its own (lifeboat.restore.scratch-dir)";
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (FileChannel c = channel) {
            lock.release();
        }
    }
}
