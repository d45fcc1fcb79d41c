package io.lifeboat.restore.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs accepted restores one at a time in the background and publishes each result; every accepted restore is in the
 * {@link RestoreJournal} until its result is kept to be published ({@link UnpublishedResults}), and that result is
 * kept until it is published.
 */
@Service
public class RestoreRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);
    private static final String RESULT_SUFFIX = ".result.json";

    private final RestoreJournal journal;
    private final UnpublishedResults<RestoreResult> results;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-runner");
        t.setDaemon(true);
        return t;
    });

    public RestoreRunner(RestoreReporter reporter, RestoreJournal journal) {
        this.journal = journal;
        this.results = new UnpublishedResults<>(journal, RESULT_SUFFIX, RestoreResult.class,
                RestoreResult::restoreId, reporter::report, UnpublishedResults.RETRY_EVERY);
    }

    /**
     * Journals the job, then queues it.
     *
     * @throws JournalUnavailable when the journal cannot be written: the job is not queued
     */
    public void submit(RestoreJob job) {
        journal.record(job.journalEntry());
        runner.execute(() -> {
            log.info("restore {} started: {}", job.restoreId(), job.describe());
            RestoreResult result = job.run();
            log.info("restore {} {} in {} ms (rto met: {}): {}", job.restoreId(), result.outcome(),
                    result.duration().toMillis(), result.rtoMet(), result.detail());
            finished(result);
        });
    }

    /**
     * Publishes the result of a restore a previous run of the service accepted and never finished (already undone),
     * in turn with the running restores.
     */
    public void submitInterrupted(RestoreResult result) {
        runner.execute(() -> finished(result));
    }

    /** Publishes, in turn with the running restores, the results an earlier run of the service kept unpublished. */
    public void publishPending() {
        runner.execute(results::publishPending);
    }

    /**
     * Whether the result of restore {@code restoreId} is kept, not yet published: the restore finished (a journal
     * entry still there is one the service died before forgetting, and must not be undone).
     */
    public boolean finishedUnpublished(String restoreId) {
        return results.holds(restoreId);
    }

    /**
     * The result is kept first and the journal entry forgotten next, both before the result is published: a restart
     * between the two finds the result and does not undo the finished restore, and one during or after the publish
     * finds no journal entry that would undo it; then it is published (or kept for the next try).
     */
    private void finished(RestoreResult result) {
        results.publish(result, () -> journal.remove(result.restoreId()));
    }

    @Override
    public void close() {
        runner.shutdownNow();
        results.close();
    }
}
