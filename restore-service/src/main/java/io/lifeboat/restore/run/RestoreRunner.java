package io.lifeboat.restore.run;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Runs accepted restores one at a time in the background and reports each result. */
@Service
public class RestoreRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);

    private final RestoreReporter reporter;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-runner");
        t.setDaemon(true);
        return t;
    });

    public RestoreRunner(RestoreReporter reporter) {
        this.reporter = reporter;
    }

    public void submit(RestoreJob job) {
        runner.submit(() -> {
            log.info("restore {} started: {}", job.restoreId(), job.describe());
            RestoreResult result = job.run();
            log.info("restore {} {} in {} ms (rto met: {}): {}", job.restoreId(), result.outcome(),
                    result.duration().toMillis(), result.rtoMet(), result.detail());
            try {
                reporter.report(result);
            } catch (RuntimeException e) {
                log.error("restore {} result could not be reported: {}", job.restoreId(), e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
