package io.lifeboat.restore.pitr;

import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.copy.DestinationFailure;
import io.lifeboat.restore.postgres.ScratchCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Unpacks a base backup's tar stream into a data directory with tar(1) as it is decrypted; a reset empties the
 * directory. What fails is told apart: the plaintext failing to read (a copy that is missing, altered or cut short)
 * is an {@link IOException}, so the next copy is tried; the data directory or tar failing (disk full, directory
 * gone, tar missing) is a {@link DestinationFailure}, since every copy would meet it. The plaintext tar gets is
 * authenticated segment by segment before it is handed on, so tar failing on it is not the copy's doing either.
 */
final class BaseBackupUnpacker implements BackupCopies.Sink {

    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path dataDir;

    BaseBackupUnpacker(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public void write(ManifestObject object, InputStream plaintext) throws IOException, DestinationFailure {
        try {
            reset();
        } catch (IOException e) {
            throw new DestinationFailure("cannot prepare data directory '" + dataDir + "': " + e.getMessage(), e);
        }
        untar(plaintext, dataDir);
    }

    @Override
    public void reset() throws IOException {
        ScratchCluster.delete(dataDir);
        Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    /** Unpacks a tar stream; a pg_wal.tar inside (pg_basebackup -Ft without -D -) goes to pg_wal. */
    private static void untar(InputStream tar, Path dir) throws IOException, DestinationFailure {
        Path log;
        Process p;
        try {
            log = Files.createTempFile("lifeboat-tar-", ".log");
            p = new ProcessBuilder("tar", "-xf", "-", "-C", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new DestinationFailure("cannot start tar to unpack the base backup into '" + dir + "': "
                    + e.getMessage(), e);
        }
        try {
            byte[] buffer = new byte[BUFFER_BYTES];
            OutputStream in = p.getOutputStream();
            for (int n; (n = tar.read(buffer)) >= 0; ) {
                try {
                    in.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new DestinationFailure("tar stopped unpacking the base backup into '" + dir + "': "
                            + tarSays(log, p), e);
                }
            }
            try {
                in.close();
                if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
                    throw new DestinationFailure("cannot unpack the base backup into '" + dir + "': "
                            + tarSays(log, p), null);
                }
            } catch (IOException e) {
                throw new DestinationFailure("tar stopped unpacking the base backup into '" + dir + "': "
                        + tarSays(log, p), e);
            }
            Path walTar = dir.resolve("pg_wal.tar");
            if (Files.exists(walTar)) {
                try (InputStream wal = Files.newInputStream(walTar)) {
                    untar(wal, Files.createDirectories(dir.resolve("pg_wal")));
                    Files.delete(walTar);
                } catch (IOException e) {
                    throw new DestinationFailure("cannot unpack pg_wal.tar in '" + dir + "': " + e.getMessage(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking the base backup", e);
        } finally {
            stop(p);
            Files.deleteIfExists(log);
        }
    }

    /** Kills tar if it still runs (a failed read of the plaintext) and waits for it to be gone. */
    private static void stop(Process p) {
        if (p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What tar wrote (once it has ended), or that it said nothing. */
    private static String tarSays(Path log, Process p) {
        stop(p);
        try {
            String said = Files.readString(log).strip();
            return said.isEmpty() ? "tar exited with " + (p.isAlive() ? "no status" : p.exitValue())
                    + " and wrote nothing" : said;
        } catch (IOException e) {
            return "its output could not be read (" + e.getMessage() + ")";
        }
    }
}
