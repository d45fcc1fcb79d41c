package io.lifeboat.restore.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.restore.run.JournalEntry.Undo;
import io.lifeboat.restore.run.RestoreResult.Method;
import io.lifeboat.restore.run.RestoreResult.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore's result is kept on disk until it is published: a publish that fails (Kafka down) is made again with the
 * next result, or by the next service on the same journal, and the results go out in the order they came.
 */
class RestoreRunnerTest {

    @TempDir
    Path dir;

    /** A publisher that fails while "Kafka is down", like the real one whose send throws. */
    private final AtomicBoolean kafkaDown = new AtomicBoolean(true);
    private final List<RestoreResult> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();

    private void report(RestoreResult result) {
        attempts.incrementAndGet();
        if (kafkaDown.get()) {
            throw new IllegalStateException("broker unreachable");
        }
        published.add(result);
    }

    @Test
    void aResultWhosePublishFailedIsPublishedBeforeTheNextOne() throws Exception {
        RestoreJournal journal = new RestoreJournal(dir.resolve("journal"));
        RestoreResult first = result();
        RestoreResult second = result();
        try (RestoreRunner runner = new RestoreRunner(this::report, journal)) {
            runner.submit(job(first));
            awaitFinished(journal, first);
            awaitAttempts(1);
            assertThat(published).isEmpty();

            kafkaDown.set(false);
            runner.submit(job(second));
            awaitFinished(journal, second);
            awaitPublished(2);
        }
        assertThat(published).containsExactly(first, second);
    }

    @Test
    void aResultWhosePublishFailedIsPublishedByTheNextServiceOnTheJournal() throws Exception {
        RestoreJournal journal = new RestoreJournal(dir.resolve("journal"));
        RestoreResult result = result();
        try (RestoreRunner runner = new RestoreRunner(this::report, journal)) {
            runner.submit(job(result));
            awaitFinished(journal, result);
            assertThat(runner.finishedUnpublished(result.restoreId())).isTrue();
        }

        kafkaDown.set(false);
        try (RestoreRunner next = new RestoreRunner(this::report, journal)) {
            next.publishPending();
            awaitPublished(1);
            assertThat(published).containsExactly(result);
            assertThat(next.finishedUnpublished(result.restoreId())).isFalse();
        }
    }

    /**
     * A crash during or after the publish must not find a journal entry: the next start would undo the restore that
     * finished (drop its database) and publish FAILED after SUCCEEDED.
     */
    @Test
    void whenTheResultIsPublishedTheJournalNoLongerHoldsTheRestore() throws Exception {
        RestoreJournal journal = new RestoreJournal(dir.resolve("journal"));
        RestoreResult result = result();
        List<Boolean> journalledWhilePublished = new CopyOnWriteArrayList<>();
        kafkaDown.set(false);
        try (RestoreRunner runner = new RestoreRunner(r -> {
            journalledWhilePublished.add(journal.entries().stream()
                    .anyMatch(e -> e.restoreId().equals(r.restoreId())));
            report(r);
        }, journal)) {
            runner.submit(job(result));
            awaitPublished(1);
        }
        assertThat(published).containsExactly(result);
        assertThat(journalledWhilePublished).containsExactly(false);
    }

    /** Until {@code count} publishes were attempted, or 30 s have passed. */
    private void awaitAttempts(int count) throws InterruptedException {
        for (int i = 0; i < 1500 && attempts.get() < count; i++) {
            Thread.sleep(20);
        }
    }

    /** Until {@code count} results are published, or 30 s have passed. */
    private void awaitPublished(int count) throws InterruptedException {
        for (int i = 0; i < 1500 && published.size() < count; i++) {
            Thread.sleep(20);
        }
    }

    /** Until the runner has forgotten the journal entry (it keeps the result first), or 30 s have passed. */
    private static void awaitFinished(RestoreJournal journal, RestoreResult result) throws InterruptedException {
        for (int i = 0; i < 1500 && journal.entries().stream()
                .anyMatch(e -> e.restoreId().equals(result.restoreId())); i++) {
            Thread.sleep(20);
        }
    }

    private static RestoreResult result() {
        return new RestoreResult(UUID.randomUUID().toString(), "b-0001", Method.LOGICAL, "restored", "olivia",
                Outcome.SUCCEEDED, "primary", Duration.ofSeconds(42), Duration.ofHours(1),
                Map.of("public.calls", 5000L), "all 1 tables match the backup's fingerprints");
    }

    private static RestoreJob job(RestoreResult result) {
        return new RestoreJob() {
            @Override
            public String restoreId() {
                return result.restoreId();
            }

            @Override
            public String describe() {
                return "backup " + result.backupId();
            }

            @Override
            public JournalEntry journalEntry() {
                return new JournalEntry(result.restoreId(), result.backupId(), result.method(), result.target(),
                        result.requestedBy(), Instant.now(), Undo.DROP_DATABASE, result.target());
            }

            @Override
            public RestoreResult run() {
                return result;
            }
        };
    }
}
