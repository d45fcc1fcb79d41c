package io.lifeboat.restore.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs accepted restores one at a time in the background and reports each result; every accepted restore is in the
 * {@link RestoreJournal} until its result is reported.
 */
@Service
public class RestoreRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);

    private final RestoreReporter reporter;
    private final RestoreJournal journal;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-runner");
        t.setDaemon(true);
        return t;
    });

    public RestoreRunner(RestoreReporter reporter, RestoreJournal journal) {
        this.reporter = reporter;
        this.journal = journal;
    }

    /**
     * Journals the job, then queues it.
     *
     * @throws JournalUnavailable when the journal cannot be written: the job is not queued
     */
    public void submit(RestoreJob job) {
        journal.record(job.journalEntry());
        runner.submit(() -> {
            log.info("restore {} started: {}", job.restoreId(), job.describe());
            RestoreResult result = job.run();
            log.info("restore {} {} in {} ms (rto met: {}): {}", job.restoreId(), result.outcome(),
                    result.duration().toMillis(), result.rtoMet(), result.detail());
            // forgotten first: a restart between the two must not undo a finished restore
            journal.remove(job.restoreId());
            report(result);
        });
    }

    /**
     * Reports the result of a restore a previous run of the service accepted and never finished (already undone), in
     * turn with the running restores; the journal forgets it only once the report went out.
     */
    public void submitInterrupted(RestoreResult result) {
        runner.submit(() -> {
            if (report(result)) {
                journal.remove(result.restoreId());
            }
        });
    }

    private boolean report(RestoreResult result) {
        try {
            reporter.report(result);
            return true;
        } catch (RuntimeException e) {
            log.error("restore {} result could not be reported: {}", result.restoreId(), e.getMessage(), e);
            return false;
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
