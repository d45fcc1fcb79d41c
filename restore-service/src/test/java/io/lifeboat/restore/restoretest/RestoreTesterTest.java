package io.lifeboat.restore.restoretest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.restoretest.RestoreTestReport.Outcome;
import io.lifeboat.restore.restoretest.RestoreTestReport.StepOutcome;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import io.lifeboat.restore.run.RestoreJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paths of a restore test that need no PostgreSQL: nothing to test, and a report that cannot be published. */
class RestoreTesterTest {

    @TempDir
    Path dir;

    @Test
    void withoutADumpWithinRetentionTheTestIsAnErrorThatIsDocumentedAndReported() throws Exception {
        List<RestoreTestReport> reported = new ArrayList<>();
        BackupCatalogue catalogue = new BackupCatalogue();
        catalogue.add(new CatalogueEntry("old", "DATABASE_DUMP", "prosaas", Instant.now().minus(Duration.ofDays(40)),
                Instant.now().minus(Duration.ofDays(40)), "backups/database-dump/old/manifest.json", "00",
                List.of("primary")));
        RestoreTestReport report;
        try (RestoreTester tester = tester(catalogue, reported)) {
            report = tester.runAndReport("t-1", Trigger.SCHEDULED, "schedule", Optional.empty());
        }

        assertThat(report.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(report.backupId()).isEmpty();
        assertThat(report.steps().get(0).outcome()).isEqualTo(StepOutcome.FAILED);
        assertThat(report.issues()).singleElement().asString().contains("no dump completed within the retention");
        assertThat(reported).containsExactly(report);
        assertThat(Files.readString(dir.resolve("reports").resolve(report.reportKeys().get(1))))
                .contains("# Restore test t-1: ERROR", "**FAIL**", "Random seed | 7");
    }

    /**
     * The report is stored before it is published, so a catch-up never runs the test again: a report whose publish
     * failed (Kafka down) is kept and published, in order, with the next one.
     */
    @Test
    void aReportWhosePublishFailedIsPublishedBeforeTheNextOne() throws Exception {
        List<RestoreTestReport> reported = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean kafkaDown = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (RestoreTester tester = tester(new BackupCatalogue(), report -> {
            if (kafkaDown.get()) {
                throw new IllegalStateException("broker unreachable");
            }
            reported.add(report);
        })) {
            RestoreTestReport first = tester.runAndReport("t-3", Trigger.SCHEDULED, "schedule", Optional.empty());
            assertThat(reported).isEmpty();
            kafkaDown.set(false);
            RestoreTestReport second = tester.runAndReport("t-4", Trigger.SCHEDULED, "schedule", Optional.empty());

            assertThat(reported).containsExactly(first, second);
        }
    }

    private RestoreTester tester(BackupCatalogue catalogue, List<RestoreTestReport> reported) {
        return tester(dir, List.of("primary"), catalogue, reported::add);
    }

    private RestoreTester tester(BackupCatalogue catalogue, RestoreTestReporter reporter) {
        return tester(dir, List.of("primary"), catalogue, reporter);
    }

    /**
     * A tester working in {@code dir}, with seed 7, reading backups from the locations named {@code locations} (the
     * first primary, the others secondary) in {@code dir/<name>}.
     */
    static RestoreTester tester(Path dir, List<String> locations, BackupCatalogue catalogue,
                                RestoreTestReporter reporter) {
        LocalKeysetMasterKeys keys = LocalKeysetMasterKeys.createFile(dir.resolve("keys.json"));
        RestoreProperties properties = new RestoreProperties(locations.stream().map(name -> new StorageLocation(name,
                        name.equals(locations.get(0)) ? StorageTier.PRIMARY : StorageTier.SECONDARY,
                        dir.resolve(name).toUri().toString())).toList(),
                new RestoreProperties.Target("127.0.0.1", 5432, "postgres", "", "postgres"), "database", null,
                dir.resolve("scratch").toString(), 2, LogicalProof.SENT_ROWS,
                new RestoreProperties.RestoreTest(false, dir.resolve("reports").toUri().toString(), 7L), List.of());
        return new RestoreTester(properties, catalogue, new BackupCopies(properties.locations(),
                new ManifestStore(keys)), PolicyFile.load(Path.of("../config/policy.yml")), reporter,
                new RestoreJournal(dir.resolve("journal")), Clock.systemUTC());
    }
}
