package io.lifeboat.restore.pitr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.storage.StorageLocation;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.restore.catalogue.BackupCatalogue;
import io.lifeboat.restore.catalogue.CatalogueEntry;
import io.lifeboat.restore.config.KeysProperties;
import io.lifeboat.restore.config.PolicyProperties;
import io.lifeboat.restore.config.RestoreProperties;
import io.lifeboat.restore.config.RestoreProperties.LogicalProof;
import io.lifeboat.restore.copy.BackupCopies;
import io.lifeboat.restore.postgres.ScratchCluster;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import io.lifeboat.restore.run.RestoreJob;
import io.lifeboat.restore.run.RestoreResult;
import io.lifeboat.restore.run.RestoreResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data directory of a physical or point-in-time restore is deleted whole when it is replaced: one of this
 * service's own directories (the master keyset's among them) is refused, and a directory that a server started in, or that filled up, while the job
 * waited in the queue is refused when the job runs and left as it is.
 */
class DataDirectoryChecksIT {

    private Path work;
    private RestoreProperties properties;
    private PointInTimeRestore pitr;

    @BeforeEach
    void setUp() throws Exception {
        // the server user must reach a cluster started here, so not below the owner-only JUnit directory
        work = Files.createTempDirectory("lb-pitr-checks-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        Files.createDirectories(work.resolve("repo"));
        properties = new RestoreProperties(List.of(new StorageLocation("primary", StorageTier.PRIMARY,
                work.resolve("repo").toUri().toString())), new RestoreProperties.Target("127.0.0.1", 5432,
                "postgres", "", "postgres"), "database", null, work.resolve("scratch").toString(), 2,
                LogicalProof.SENT_ROWS, new RestoreProperties.RestoreTest(false,
                work.resolve("reports").toUri().toString(), null), List.of());
        BackupCatalogue catalogue = new BackupCatalogue();
        catalogue.add(new CatalogueEntry("base-1", PointInTimeRestore.BASE_DATA_TYPE, "prosaas",
                Instant.now().minusSeconds(60), Instant.now().minusSeconds(30),
                "backups/database-base/base-1/manifest.json", "00", List.of("primary")));
        Files.createDirectories(work.resolve("keys"));
        ManifestStore manifests = new ManifestStore(LocalKeysetMasterKeys.createFile(
                work.resolve("keys/keyset.json")));
        pitr = new PointInTimeRestore(properties, catalogue, new BackupCopies(properties.locations(), manifests),
                manifests, PolicyFile.load(Path.of("../config/policy.yml")),
                new KeysProperties(work.resolve("keys/keyset.json").toString()),
                new PolicyProperties(work.resolve("config/policy.yml").toString()), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        ScratchCluster.delete(work);
    }

    private static PitrRequest request(Path dataDirectory, boolean force) {
        return new PitrRequest(UUID.randomUUID().toString(), Optional.of("base-1"), RecoveryTarget.latest(),
                dataDirectory, 5499, force, "olivia", Instant.now());
    }

    @Test
    void aDirectoryOfTheServiceItselfIsRefusedEvenWhenForced() throws Exception {
        Files.createDirectories(work.resolve("scratch").resolve("journal"));
        Files.createSymbolicLink(work.resolve("link-to-repo"), work.resolve("repo"));
        for (Path refused : List.of(work.resolve("scratch"), work.resolve("scratch/journal"), work,
                work.resolve("repo/backups/new-data"), work.resolve("link-to-repo/data"),
                work.resolve("reports/../repo"), work.resolve("keys"), work.resolve("keys/data"),
                work.resolve("config/policy.yml"), Path.of("/"))) {
            assertThatThrownBy(() -> pitr.accept(request(refused, true))).as("%s", refused)
                    .isInstanceOf(RequestRefused.class)
                    .hasMessageContaining("data directory '" + refused + "' is, holds or lies inside")
                    .satisfies(e -> assertThat(((RequestRefused) e).refusal()).isEqualTo(Refusal.INVALID_REQUEST));
        }
        assertThat(work.resolve("scratch/journal")).isDirectory();
        assertThat(work.resolve("keys/keyset.json")).isNotEmptyFile();
        assertThat(pitr.accept(request(work.resolve("restored/data"), false))).isNotNull();
    }

    @Test
    void aServerStartedInTheDirectoryWhileTheJobWaitedIsLeftRunning() throws Exception {
        ScratchCluster live = ScratchCluster.prepare(work.resolve("servers"), "live", Optional.empty());
        try {
            RestoreJob job = pitr.accept(request(live.dataDirectory(), true));
            live.initdbAndStart();

            RestoreResult result = job.run();

            assertThat(live.isRunning()).as("the server that started there still runs").isTrue();
            assertThat(live.dataDirectory().resolve("PG_VERSION")).exists();
            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.detail()).contains("data directory '" + live.dataDirectory()
                    + "' belongs to a running server (postmaster.pid exists)");
        } finally {
            live.close();
        }
    }

    @Test
    void aDirectoryFilledWhileAnUnforcedJobWaitedIsLeftAsItIs() throws Exception {
        Path dataDirectory = work.resolve("restored");
        RestoreJob job = pitr.accept(request(dataDirectory, false));
        Path someonesFile = Files.writeString(Files.createDirectories(dataDirectory).resolve("keep.txt"), "mine");

        RestoreResult result = job.run();

        assertThat(someonesFile).hasContent("mine");
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.detail()).contains("data directory '" + dataDirectory
                + "' is not empty; a restore only replaces it when forced");
    }
}
