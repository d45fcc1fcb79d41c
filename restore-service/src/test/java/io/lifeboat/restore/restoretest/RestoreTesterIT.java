package io.lifeboat.restore.restoretest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.restoretest.RestoreTestReport.Outcome;
import io.lifeboat.restore.restoretest.RestoreTestReport.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A restore test of a backup no location holds intact: its scratch cluster (made with initdb) comes and goes. */
class RestoreTesterIT {

    @Test
    void aBackupWithNoIntactCopyFailsTheTestNamingEveryLocation() throws Exception {
        // the scratch cluster is made before the backup is read (it is streamed into it): the server user must be
        // able to reach the scratch directory when the test runs as root, so not below the owner-only JUnit one
        // (and its socket path short enough: PostgreSQL allows 107 bytes)
        Path dir = Files.createTempDirectory("lb-rt-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        try {
            List<RestoreTestReport> reported = new ArrayList<>();
            BackupCatalogue catalogue = new BackupCatalogue();
            catalogue.add(new CatalogueEntry("gone", "DATABASE_DUMP", "prosaas", Instant.now(), Instant.now(),
                    "backups/database-dump/gone/manifest.json", "00", List.of("primary", "secondary")));

            RestoreTestReport report;
            try (RestoreTester tester = RestoreTesterTest.tester(dir, List.of("primary", "secondary"), catalogue,
                    reported::add)) {
                report = tester.runAndReport("t-2", Trigger.ON_DEMAND, "olivia", Optional.of("gone"));
            }

            assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(report.backupId()).contains("gone");
            assertThat(report.issues()).singleElement().asString()
                    .contains("no intact copy of backup 'gone' found: primary:").contains("; secondary:");
            assertThat(report.steps()).extracting(RestoreTestReport.Step::name).contains(
                    "read, decrypt and load the backup, verifying checksums", "remove the scratch cluster");
            assertThat(reported).containsExactly(report);
            try (var scratch = Files.list(dir.resolve("scratch"))) {
                assertThat(scratch.toList()).isEmpty();
            }
        } finally {
            ScratchCluster.delete(dir);
        }
    }
}
