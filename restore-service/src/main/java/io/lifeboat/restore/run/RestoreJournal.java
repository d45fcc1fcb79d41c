package io.lifeboat.restore.run;

import io.lifeboat.restore.run.JournalEntry.StagedTable;
import io.lifeboat.restore.run.JournalEntry.Undo;
import io.lifeboat.restore.run.RestoreResult.Method;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepted restores whose result is not reported yet, one small properties file each in a directory: written (and
 * synced) before a restore is queued, removed once its result is reported. What is still there when the service
 * starts was interrupted by the service dying.
 */
public final class RestoreJournal {

    private static final Logger log = LoggerFactory.getLogger(RestoreJournal.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String SUFFIX = ".restore";

    private final Path directory;

    public RestoreJournal(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Records {@code entry} durably.
     *
     * @throws JournalUnavailable when it cannot be written: the restore must then not be run
     */
    public void record(JournalEntry entry) {
        Properties p = new Properties();
        p.setProperty("restoreId", entry.restoreId());
        p.setProperty("backupId", entry.backupId());
        p.setProperty("method", entry.method().name());
        p.setProperty("target", entry.target());
        p.setProperty("requestedBy", entry.requestedBy());
        p.setProperty("requestedAt", entry.requestedAt().toString());
        p.setProperty("undo", entry.undo().name());
        p.setProperty("leftover", entry.leftover());
        entry.staged().ifPresent(staged -> {
            p.setProperty("stagedDatabase", staged.database());
            p.setProperty("stagedSchema", staged.schema());
            p.setProperty("stagedTable", staged.table());
        });
        Path file = file(entry.restoreId());
        try {
            StringWriter text = new StringWriter();
            p.store(text, "restore accepted, result not reported yet");
            writeDurably(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JournalUnavailable("cannot write the restore journal in '" + directory + "' for restore '"
                    + entry.restoreId() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code content} to {@code file} (in this journal's directory) so that it is either there whole, synced,
     * or not at all: a temporary file, forced to disk, moved into place.
     */
    void writeDurably(Path file, byte[] content) throws IOException {
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".writing-", ".tmp");
        Files.write(temp, content);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forgets the restore once its result is reported; a failure is logged (a restart reports it once more). */
    public void remove(String restoreId) {
        try {
            Files.deleteIfExists(file(restoreId));
        } catch (IOException e) {
            log.warn("could not remove restore '{}' from the journal in '{}': {}", restoreId, directory,
                    e.getMessage());
        }
    }

    /** Every restore recorded and not removed; a file that cannot be read is logged and skipped. */
    public List<JournalEntry> entries() {
        List<JournalEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    Properties p = new Properties();
                    p.load(r);
                    entries.add(new JournalEntry(p.getProperty("restoreId"), p.getProperty("backupId"),
                            Method.valueOf(p.getProperty("method")), p.getProperty("target"),
                            p.getProperty("requestedBy"), Instant.parse(p.getProperty("requestedAt")),
                            Undo.valueOf(p.getProperty("undo")), p.getProperty("leftover"),
                            Optional.ofNullable(p.getProperty("stagedTable")).map(table -> new StagedTable(
                                    p.getProperty("stagedDatabase"), p.getProperty("stagedSchema"), table))));
                } catch (IOException | RuntimeException e) {
                    log.error("restore journal file '{}' cannot be read, left for an operator: {}", file,
                            e.getMessage());
                }
            }
        } catch (IOException e) {
            log.error("restore journal '{}' cannot be listed: {}", directory, e.getMessage());
        }
        return entries;
    }

    private Path file(String restoreId) {
        return file(restoreId, SUFFIX);
    }

    /** The file named {@code id} (a restore or test id) with {@code suffix} in this journal's directory. */
    Path file(String id, String suffix) {
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' cannot name a journal file");
        }
        return directory.resolve(id + suffix);
    }
}
