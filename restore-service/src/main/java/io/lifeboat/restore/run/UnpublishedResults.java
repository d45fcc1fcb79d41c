package io.lifeboat.restore.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results this service must publish (a restore's RestoreCompleted, a restore test's events), kept on disk until they
 * are: each is written, synced, as one JSON file in the {@link RestoreJournal}'s directory before it is first
 * published, and removed only once published. A publish that fails (Kafka down) leaves the file and is tried again
 * every {@link #RETRY_EVERY}, and by the next start of the service: no result is lost to a broker outage or a
 * restart (one published just before a crash may be published twice). Publishing is serialised, so a result is
 * never published by two threads at once.
 *
 * @param <T> the result, a record Jackson writes and reads back
 */
public final class UnpublishedResults<T> implements AutoCloseable {

    /** How often results whose publish failed are tried again. */
    public static final Duration RETRY_EVERY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(UnpublishedResults.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RestoreJournal journal;
    private final String suffix;
    private final Class<T> type;
    private final Function<T, String> id;
    private final Consumer<T> publisher;
    private final Duration retryEvery;
    private final ScheduledExecutorService retrying;

    /**
     * Results of {@code type}, kept as {@code <id><suffix>} in {@code journal}'s directory and published by
     * {@code publisher} (which throws when it cannot publish); retried every {@code retryEvery}, first that long
     * after construction (by then the service holds the lock on its scratch directory).
     */
    public UnpublishedResults(RestoreJournal journal, String suffix, Class<T> type, Function<T, String> id,
                              Consumer<T> publisher, Duration retryEvery) {
        this.journal = journal;
        this.suffix = suffix;
        this.type = type;
        this.id = id;
        this.publisher = publisher;
        this.retryEvery = retryEvery;
        this.retrying = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "publish-again" + suffix.replace(".json", ""));
            t.setDaemon(true);
            return t;
        });
        retrying.scheduleWithFixedDelay(this::publishPending, retryEvery.toMillis(), retryEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps {@code result} and publishes it at once, on the caller's thread, after any kept before it (results go
     * out in the order they came); if that fails it is logged and tried again later. A result that cannot be written
     * to disk is still published once (and lost if that fails too).
     */
    public void publish(T result) {
        publish(result, () -> { });
    }

    /**
     * As {@link #publish(Object)}, running {@code whenKept} once the result is on disk and before it is published:
     * what the result makes redundant (a journal entry saying the work is unfinished) may go then, not before (a
     * crash would leave neither) and not after a publish that may never come.
     */
    public synchronized void publish(T result, Runnable whenKept) {
        try {
            journal.writeDurably(file(id.apply(result)), JSON.writeValueAsBytes(result));
        } catch (IOException | RuntimeException e) {
            log.error("could not keep result '{}' in '{}' until it is published, publishing it without: {}",
                    id.apply(result), journal.directory(), e.getMessage());
            publishPending();
            attempt(result, null);
            whenKept.run();
            return;
        }
        whenKept.run();
        publishPending();
    }

    /** Whether the result named {@code resultId} is kept, unpublished. */
    public boolean holds(String resultId) {
        return Files.exists(file(resultId));
    }

    /** Publishes every kept result, oldest first; stops at the first that fails (the others would too). */
    public synchronized void publishPending() {
        for (Path file : pending()) {
            T result;
            try {
                result = JSON.readValue(file.toFile(), type);
            } catch (RuntimeException e) {
                log.error("kept result '{}' cannot be read, left for an operator: {}", file, e.getMessage());
                continue;
            }
            if (!attempt(result, file)) {
                return;
            }
        }
    }

    private boolean attempt(T result, Path file) {
        try {
            publisher.accept(result);
        } catch (RuntimeException e) {
            log.error("result '{}' could not be published{}: {}", id.apply(result), file == null ? ""
                    : ", tried again within " + retryEvery, e.getMessage());
            return false;
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("could not remove published result '{}': {}", file, e.getMessage());
            }
        }
        return true;
    }

    private List<Path> pending() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(journal.directory())) {
            return files;
        }
        try (DirectoryStream<Path> kept = Files.newDirectoryStream(journal.directory(), "*" + suffix)) {
            kept.forEach(files::add);
        } catch (IOException e) {
            log.error("kept results in '{}' cannot be listed: {}", journal.directory(), e.getMessage());
        }
        files.sort(Comparator.<Path>comparingLong(UnpublishedResults::modified).thenComparing(Path::toString));
        return files;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private Path file(String resultId) {
        return journal.file(resultId, suffix);
    }

    @Override
    public void close() {
        retrying.shutdownNow();
    }
}
