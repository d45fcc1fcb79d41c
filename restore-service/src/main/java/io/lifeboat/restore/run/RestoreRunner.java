package io.lifeboat.restore.logical;

import io.lifeboat.restore.catalogue.BackupCatalogue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Accepts restore requests after checking what can be checked at once, and runs them one at a time. */
@Service
public class RestoreRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreRunner.class);

    private final LogicalRestore restore;
    private final BackupCatalogue catalogue;
    private final Consumer<RestoreResult> reporter;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-runner");
        t.setDaemon(true);
        return t;
    });

    public RestoreRunner(LogicalRestore restore, BackupCatalogue catalogue, RestoreReporter reporter) {
        this.restore = restore;
        this.catalogue = catalogue;
        this.reporter = reporter::report;
    }

    /** Why a request was not accepted. */
    public enum Refusal {
        UNKNOWN_BACKUP
    }

    /** Throws {@link RequestRefused} when the backup is unknown; otherwise runs the restore in the background. */
    public void submit(RestoreRequest request) {
        if (catalogue.find(request.backupId()).isEmpty()) {
            throw new RequestRefused(Refusal.UNKNOWN_BACKUP, "backup '" + request.backupId()
                    + "' is not in the catalogue");
        }
        runner.submit(() -> {
            log.info("restore {} of backup {} into '{}' started by {}", request.restoreId(), request.backupId(),
                    request.targetDatabase(), request.requestedBy());
            RestoreResult result = restore.restore(request);
            log.info("restore {} {}: {}", request.restoreId(), result.outcome(), result.detail());
            reporter.accept(result);
        });
    }

    /** A request that is refused before it starts. */
    public static final class RequestRefused extends RuntimeException {
        private final Refusal refusal;

        RequestRefused(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
