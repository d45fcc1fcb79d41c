package io.lifeboat.backup.onchange;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A directory of secret files: fingerprint = SHA-256 over every file's relative path and content (kept in memory
 * only); content = a zip of the files, streamed. Nothing here logs or quotes a file's content or name.
 */
final class SecretsDirectorySource implements ChangeSource {

    private final Path directory;

    SecretsDirectorySource(Path directory) {
        this.directory = directory;
    }

    @Override
    public String dataType() {
        return "SECRETS";
    }

    @Override
    public String source() {
        return directory.toString();
    }

    @Override
    public String objectName() {
        return "secrets.zip";
    }

    @Override
    public String fingerprint() throws IOException {
        MessageDigest digest = sha256();
        for (Path file : files()) {
            digest.update(directory.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(sha256().digest(Files.readAllBytes(file)));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The zip is written by a thread into a pipe. A file that cannot be read fails the read of the stream instead of
     * ending it: the reader's end of stream is checked against the writer's failure, which is recorded before the
     * pipe closes, so a truncated zip (well formed, as closing the zip makes it) is never read as a whole one.
     */
    @Override
    public InputStream open() throws IOException {
        List<Path> files = files();
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            int zipped = 0;
            try {
                for (Path file : files) {
                    zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                    zipped++;
                }
            } catch (IOException | RuntimeException e) {
                // neither the file's name nor the cause (whose message may quote the path): a position and a reason
                String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
                failure.set(new IOException("secrets directory '" + directory + "' could not be zipped: file "
                        + (zipped + 1) + " of " + files.size() + " failed (" + e.getClass().getSimpleName()
                        + (reason == null ? "" : ": " + reason) + ")"));
            } finally {
                try {
                    zip.close();
                } catch (IOException e) {
                    // the reader has gone (it closed its end); nobody reads what is left
                }
            }
        }, "secrets-zip");
        writer.setDaemon(true);
        writer.start();
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return ended(super.read(buffer, offset, length));
            }

            private int ended(int n) throws IOException {
                if (n < 0 && failure.get() != null) {
                    throw failure.get();
                }
                return n;
            }
        };
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("secrets directory '" + directory + "' does not exist");
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
