package io.lifeboat.backup.onchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A directory of secret files: fingerprint = SHA-256 over every file's relative path and content (kept in memory
 * only); content = a zip of the files, streamed. Nothing here logs or quotes a file's content.
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

    @Override
    public InputStream open() throws IOException {
        List<Path> files = files();
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread writer = new Thread(() -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Path file : files) {
                    zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            } catch (IOException e) {
                // the reader sees a broken pipe and the backup fails; the message names no file content
            }
        }, "secrets-zip");
        writer.setDaemon(true);
        writer.start();
        return in;
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
