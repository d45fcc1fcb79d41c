package io.lifeboat.restore.restoretest;

import io.lifeboat.format.manifest.Manifest;
import io.lifeboat.format.manifest.ManifestObject;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.copy.FetchedCopy;
import io.lifeboat.restore.copy.NoIntactCopy;
import io.lifeboat.restore.logical.StreamedDump;
import io.lifeboat.restore.postgres.FingerprintComparison;
import io.lifeboat.restore.postgres.FingerprintComparison.Mismatch;
import io.lifeboat.restore.postgres.RestoredTables;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.postgres.TargetDatabase;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import io.lifeboat.restore.run.RestoreJournal;
import io.lifeboat.restore.run.UnpublishedResults;
import io.lifeboat.restore.restoretest.RestoreTestReport.Outcome;
import io.lifeboat.restore.restoretest.RestoreTestReport.SmokeQuery;
import io.lifeboat.restore.restoretest.RestoreTestReport.Step;
import io.lifeboat.restore.restoretest.RestoreTestReport.StepOutcome;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Carries out restore tests; see the package documentation. One test at a time. */
@Service
public class RestoreTester implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestoreTester.class);
    /** The schedule entry whose retention bounds the backups a test may choose (policy 4.1 "Database (full)"). */
    static final String FULL_BACKUP_SCHEDULE = "database-full";
    private static final String DUMP = "DATABASE_DUMP";

    private final RestoreProperties properties;
    private final BackupCatalogue catalogue;
    private final BackupCopies copies;
    private final Policy policy;
    private final ReportStore reports;
    private final UnpublishedResults<RestoreTestReport> published;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "restore-test");
        t.setDaemon(true);
        return t;
    });

    public RestoreTester(RestoreProperties properties, BackupCatalogue catalogue, BackupCopies copies,
                         Policy policy, RestoreTestReporter reporter, RestoreJournal journal, Clock clock) {
        this.properties = properties;
        this.catalogue = catalogue;
        this.copies = copies;
        this.policy = policy;
        // kept until published: the report is stored first, so a catch-up would never run the test again
        this.published = new UnpublishedResults<>(journal, ".test-result.json", RestoreTestReport.class,
                RestoreTestReport::testId, reporter::completed, UnpublishedResults.RETRY_EVERY);
        this.clock = clock;
        this.reports = new ReportStore(new StorageLocation("restore-test-reports", StorageTier.PRIMARY,
                properties.restoreTest().reports()).open());
    }

    /**
     * Starts a test in the background and returns its id; RestoreTestCompleted follows. {@code backupId} names the
     * backup to test; empty for the policy's random choice.
     *
     * @throws RequestRefused UNKNOWN_BACKUP when the named backup is not a dump in the catalogue
     */
    public String submit(Trigger trigger, String requestedBy, Optional<String> backupId) {
        backupId.ifPresent(id -> catalogue.find(id).filter(e -> e.dataType().equals(DUMP)).orElseThrow(() ->
                new RequestRefused(Refusal.UNKNOWN_BACKUP, "backup '" + id + "' is not a dump in the catalogue")));
        String testId = UUID.randomUUID().toString();
        runner.execute(() -> runAndReport(testId, trigger, requestedBy, backupId));
        return testId;
    }

    /** Where this tester documents its tests. */
    ReportStore reports() {
        return reports;
    }

    /**
     * Runs a test now, on the caller's thread, documents and reports it; a report that cannot be published yet is
     * kept and published again ({@link UnpublishedResults}).
     */
    public RestoreTestReport runAndReport(String testId, Trigger trigger, String requestedBy,
                                          Optional<String> backupId) {
        RestoreTestReport report;
        try {
            report = reports.store(run(testId, trigger, requestedBy, backupId));
        } catch (RuntimeException e) {
            log.error("restore test {} could not be documented: {}", testId, e.getMessage(), e);
            throw e;
        }
        log.info("restore test {} {}: {} (report {})", testId, report.outcome(), report.summary(),
                report.reportKeys());
        published.publish(report);
        return report;
    }

    RestoreTestReport run(String testId, Trigger trigger, String requestedBy, Optional<String> backupId) {
        Instant started = clock.instant();
        Procedure p = new Procedure(started);
        long seed = Optional.ofNullable(properties.restoreTest().seed()).orElseGet(() -> new SecureRandom().nextLong());
        Duration retention = policy.schedule().get(FULL_BACKUP_SCHEDULE).retention();
        List<CatalogueEntry> eligible = catalogue.since(DUMP, started.minus(retention)).stream()
                .filter(e -> backupId.map(e.backupId()::equals).orElse(true))
                .sorted(Comparator.comparing(CatalogueEntry::completedAt).thenComparing(CatalogueEntry::backupId))
                .toList();
        Optional<CatalogueEntry> chosen = eligible.isEmpty() ? Optional.empty()
                : Optional.of(eligible.get(new Random(seed).nextInt(eligible.size())));
        log.info("restore test {} chose {} of {} dumps within retention {}{} with seed {}", testId,
                chosen.map(CatalogueEntry::backupId).orElse("nothing"), eligible.size(), retention,
                backupId.map(id -> " (operator named " + id + ")").orElse(""), seed);
        p.step("select a random backup within retention", chosen.isPresent() ? StepOutcome.OK : StepOutcome.FAILED,
                eligible.size() + " dumps completed within " + retention + "; seed " + seed
                        + chosen.map(c -> "; chose " + c.backupId() + " (taken " + c.startedAt() + ")").orElse(""));
        if (chosen.isEmpty()) {
            p.issues.add("no dump completed within the retention of " + retention + " to test");
            p.improvements.add("check that backup-service runs the policy's daily full backup");
            return p.report(testId, trigger, requestedBy, seed, Optional.empty(), "", "none", Outcome.ERROR);
        }
        CatalogueEntry entry = chosen.get();
        String objectKey = "";
        String location = "none";
        ScratchCluster cluster = null;
        StreamedDump load = null;
        Outcome outcome;
        try {
            cluster = ScratchCluster.prepare(properties.scratchDirectory(), "restore-test",
                    properties.pgBinDirectory());
            cluster.initdbAndStart();
            p.step("create a scratch cluster with initdb", StepOutcome.OK, "port " + cluster.target().port());
            String database = entry.source() == null || entry.source().isBlank() ? "restored" : entry.source();
            TargetDatabase target = new TargetDatabase(cluster.target());
            // restored the way a logical restore does it (loaded while it is decrypted), but proving what the
            // restored cluster holds: every row read back (policy 7.2 step 3)
            load = new StreamedDump(properties, cluster.target(), database, testId, entry.backupId(),
                    LogicalProof.READ_BACK);
            FetchedCopy copy;
            try {
                copy = copies.streamInto(entry, BackupCopies::isDump, load);
            } catch (NoIntactCopy e) {
                p.step("read, decrypt and load the backup, verifying checksums", StepOutcome.FAILED,
                        e.getMessage());
                p.issues.add("the backup could not be read intact: " + e.getMessage());
                p.improvements.add("re-run the backup and check the copies at every location");
                throw new NoCopyToTest();
            }
            location = copy.location();
            Manifest manifest = copy.manifest();
            objectKey = manifest.objects().stream().filter(BackupCopies::isDump).map(ManifestObject::key)
                    .findFirst().orElse("");
            p.step("read, decrypt and load the backup, verifying checksums", StepOutcome.OK, "copy used: "
                    + copy.describe());
            if (!copy.rejected().isEmpty()) {
                p.observations.add("copies skipped before '" + location + "': " + String.join("; ", copy.rejected()));
                p.improvements.add("repair the skipped copies (verify-service reports them)");
            }
            RestoredTables restored = load.complete(manifest.tables());
            p.step("finish the restore into database '" + database + "'", StepOutcome.OK, load.describe());
            FingerprintComparison.Result comparison = FingerprintComparison.compare(manifest.tables(), restored);
            List<Mismatch> mismatches = comparison.mismatches();
            p.observations.addAll(comparison.reroutedTrees());
            p.tablesChecked = manifest.tables().size();
            mismatches.forEach(m -> {
                p.mismatchingTables.add(m.table());
                p.mismatches.add(m.table() + ": " + m.problem());
            });
            p.step("verify data integrity: per-table fingerprints against the manifest",
                    mismatches.isEmpty() ? StepOutcome.OK : StepOutcome.FAILED, mismatches.isEmpty()
                            ? "all " + manifest.tables().size() + " tables match"
                            : mismatches.size() + " of " + manifest.tables().size() + " tables differ: "
                            + mismatches.stream().map(Mismatch::toString).toList());
            if (!mismatches.isEmpty()) {
                p.issues.add("restored data differs from the backup's fingerprints in " + p.mismatchingTables);
                p.improvements.add("treat this backup as corrupt: take a new full backup and investigate how "
                        + "the stored dump came to differ from its manifest");
            }
            smokeQueries(target, database, p);
            outcome = mismatches.isEmpty() && p.smokeQueries.stream().allMatch(SmokeQuery::passed)
                    ? Outcome.PASSED : Outcome.FAILED;
        } catch (NoCopyToTest e) {
            outcome = Outcome.FAILED;
        } catch (Exception e) {
            p.step("restore into the scratch cluster", StepOutcome.FAILED, e.getMessage());
            p.issues.add("the restore failed: " + e.getMessage());
            outcome = Outcome.FAILED;
        } finally {
            if (load != null) {
                load.close();
            }
            if (cluster != null) {
                cluster.close();
                p.step("remove the scratch cluster", StepOutcome.OK, "stopped and deleted");
            }
        }
        p.observations.add("restore of " + entry.backupId() + " took " + p.elapsed() + " ms against the RTO of "
                + policy.rtoOf(properties.asset()).toMillis() + " ms for '" + properties.asset() + "'");
        return p.report(testId, trigger, requestedBy, seed, Optional.of(entry.backupId()), objectKey, location,
                outcome);
    }

    /** No copy of the chosen backup could be read; the procedure has documented why. */
    private static final class NoCopyToTest extends Exception {
        NoCopyToTest() {
            super(null, null, false, false);
        }
    }

    private void smokeQueries(TargetDatabase target, String database, Procedure p) {
        Instant start = clock.instant();
        try (Connection c = target.connect(database)) {
            for (String sql : policy.testing().smokeQueries()) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    p.smokeQueries.add(new SmokeQuery(sql, true, rs.next() ? String.valueOf(rs.getObject(1)) : "no rows"));
                } catch (Exception e) {
                    p.smokeQueries.add(new SmokeQuery(sql, false, e.getMessage()));
                    p.issues.add("smoke query '" + sql + "' failed: " + e.getMessage());
                }
            }
        } catch (Exception e) {
            p.issues.add("cannot connect to the restored database for smoke queries: " + e.getMessage());
            p.smokeQueries.add(new SmokeQuery("connect", false, e.getMessage()));
        }
        boolean passed = p.smokeQueries.stream().allMatch(SmokeQuery::passed);
        p.stepSince(start, "test application functionality: the policy's smoke queries",
                passed ? StepOutcome.OK : StepOutcome.FAILED, p.smokeQueries.size() + " queries, "
                        + p.smokeQueries.stream().filter(q -> !q.passed()).count() + " failed");
    }

    /** What a test collects while it runs. */
    private final class Procedure {
        final Instant started;
        Instant last;
        final List<Step> steps = new ArrayList<>();
        final List<String> observations = new ArrayList<>();
        final List<String> issues = new ArrayList<>();
        final List<String> improvements = new ArrayList<>();
        final List<String> mismatchingTables = new ArrayList<>();
        final List<String> mismatches = new ArrayList<>();
        final List<SmokeQuery> smokeQueries = new ArrayList<>();
        int tablesChecked;

        Procedure(Instant started) {
            this.started = started;
            this.last = started;
        }

        void step(String name, StepOutcome outcome, String detail) {
            stepSince(last, name, outcome, detail);
        }

        void stepSince(Instant from, String name, StepOutcome outcome, String detail) {
            Instant now = clock.instant();
            steps.add(new Step(name, from, Duration.between(from, now).toMillis(), outcome, detail));
            last = now;
        }

        long elapsed() {
            return Duration.between(started, clock.instant()).toMillis();
        }

        RestoreTestReport report(String testId, Trigger trigger, String requestedBy, long seed,
                                 Optional<String> backupId, String objectKey, String location, Outcome outcome) {
            long rto = policy.rtoOf(properties.asset()).toMillis();
            long took = elapsed();
            return new RestoreTestReport(testId, trigger, requestedBy, seed, backupId, objectKey, location, started,
                    List.of("prove that a backup chosen at random can be restored (POL-ISMS-008 7.2)",
                            "prove the restored data is complete: every table matches its fingerprint (10.2: 100%"
                                    + " integrity)",
                            "prove the application's queries run on the restored data",
                            "measure the restore time against the RTO (3.2)"),
                    "one " + DUMP + " backup within the " + policy.schedule().get(FULL_BACKUP_SCHEDULE).retention()
                            + " retention of '" + FULL_BACKUP_SCHEDULE + "', restored into a scratch PostgreSQL "
                            + "cluster made with initdb and removed afterwards; production is not touched",
                    steps, outcome, tablesChecked, mismatchingTables, mismatches, smokeQueries, took, rto,
                    outcome == Outcome.PASSED && took <= rto, observations, issues, improvements, List.of());
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        published.close();
    }
}
