package io.lifeboat.backup.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.WalProperties;
import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.format.stream.DigestingInputStream;
import io.lifeboat.infra.postgres.PostgresCluster;
import io.lifeboat.infra.process.Teardown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archiver's rounds, run one by one, against a real cluster made with initdb (system identifier, segment size,
 * slot lag) and a repository of three filesystem locations; the spool is filled by the test, pg_receivewal is a
 * stand-in that only waits.
 */
class WalArchiverIT {

    private static final String SEGMENT = "000000010000000000000003";

    static PostgresCluster pg;

    @TempDir
    Path dir;
    TieredRepository repository;
    Path spool;
    TieredRepository.Service service;
    WalArchiver archiver;
    final List<WalReporter.Archived> announced = new CopyOnWriteArrayList<>();
    volatile RuntimeException announcing;

    @BeforeAll
    static void startCluster() {
        pg = PostgresCluster.start("wal-archiver");
    }

    @AfterAll
    static void stopCluster() {
        Teardown.closeAll(pg);
    }

    @BeforeEach
    void start() throws Exception {
        repository = new TieredRepository(dir.resolve("repo"));
        spool = Files.createDirectories(dir.resolve("spool"));
        BackupProperties properties = repository.properties(new BackupProperties.Database("127.0.0.1", pg.port(),
                "postgres", PostgresCluster.SUPERUSER, null, null), waitingReceiver());
        // rounds are run by the test: the archiver's own come only after an hour
        WalProperties wal = new WalProperties(true, spool.toString(), "lifeboat", Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMillis(200), 1L << 40, 3, Duration.ofSeconds(1));
        service = repository.open(properties, (copy, attempts) -> { });
        WalReporter reporter = (systemIdentifier, timeline, segments, lagBytes) -> {
            if (announcing != null) {
                throw announcing;
            }
            announced.addAll(segments);
        };
        WalAlertReporter alerts = new WalAlertReporter() {
            @Override
            public void raised(WalAlert alert) {
            }

            @Override
            public void resolved(WalAlert alert, String observed) {
            }
        };
        archiver = new WalArchiver(properties, wal, service.commit(), service.copies(), reporter,
                alerts, PolicyFile.load(Path.of("../config/policy.yml")), Clock.systemUTC());
        archiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        archiver.stop();
        service.close();
    }

    /**
     * A segment still in the spool after its commit (the service died before removing it, or the removal failed) is
     * not stored again: stored again it would get a new data key, so other bytes of the same size under the same
     * keys, and the copies and checks of the first commit would be stale.
     */
    @Test
    void aSegmentLeftInTheSpoolAfterItsCommitIsNotStoredAgain() throws Exception {
        byte[] content = segmentContent();
        Files.write(spool.resolve(SEGMENT), content);
        archiver.round();
        assertThat(spool.resolve(SEGMENT)).as("removed once committed").doesNotExist();
        assertThat(announced).hasSize(1);
        String manifestKey = announced.get(0).backup().manifestKey();
        String committedSha = primarySha256(manifestKey);

        Files.write(spool.resolve(SEGMENT), content);
        archiver.round();

        assertThat(spool.resolve(SEGMENT)).doesNotExist();
        assertThat(primarySha256(manifestKey)).as("the manifest at the primary is the first commit's")
                .isEqualTo(committedSha);
        assertThat(announced).as("announced again, as the first commit").hasSize(2);
        assertThat(announced.get(1).backup().manifestSha256()).isEqualTo(committedSha);
        repository.assertWholeEverywhere(manifestKey);
    }

    /**
     * Kafka is down as a segment is stored (and removed from the spool): its copy to a location that is down is
     * queued all the same, and the segment is announced by the next round once Kafka is back.
     */
    @Test
    void aSegmentWhoseAnnouncementFailsIsAnnouncedNextRoundAndItsPendingCopyIsQueued() throws Exception {
        // the cold location cannot store anything: a file stands where its backups folder would be
        Files.createDirectories(repository.location(StorageTier.COLD));
        Files.writeString(repository.location(StorageTier.COLD).resolve("backups"), "in the way");
        Files.write(spool.resolve(SEGMENT), segmentContent());
        announcing = new IllegalStateException("kafka is down");

        archiver.round();

        assertThat(spool.resolve(SEGMENT)).as("stored, so removed").doesNotExist();
        assertThat(announced).isEmpty();
        assertThat(service.copies().pending()).as("the cold copy is queued although nothing was announced")
                .anySatisfy(c -> assertThat(c.location()).isEqualTo("cold"));

        announcing = null;
        archiver.round();

        assertThat(announced).extracting(WalReporter.Archived::segmentName).containsExactly(SEGMENT);
        archiver.round();
        assertThat(announced).as("announced once").hasSize(1);
    }

    /** The database goes down after a segment was received: the segment is stored and announced without the lag. */
    @Test
    void aSegmentStoredWhileTheDatabaseIsDownIsAnnounced() throws Exception {
        archiver.round(); // learns the system identifier and the segment size
        Files.write(spool.resolve(SEGMENT), segmentContent());
        pg.stop();
        try {
            archiver.round();
        } finally {
            pg.start();
        }

        assertThat(spool.resolve(SEGMENT)).doesNotExist();
        assertThat(announced).extracting(WalReporter.Archived::segmentName).containsExactly(SEGMENT);
        repository.assertWholeEverywhere(announced.get(0).backup().manifestKey());
    }

    private String primarySha256(String manifestKey) throws IOException {
        return DigestingInputStream.drain(Files.newInputStream(repository.location(StorageTier.PRIMARY)
                .resolve(manifestKey))).sha256();
    }

    /** Incompressible, so its stored size is the same whatever data key encrypts it. */
    private static byte[] segmentContent() {
        byte[] content = new byte[256 * 1024];
        new Random(3).nextBytes(content);
        return content;
    }

    /** A pg_receivewal stand-in that creates no slot and streams nothing: it waits until it is stopped. */
    private Path waitingReceiver() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("pg_receivewal");
        Files.writeString(script, "#!/bin/sh\ncase \"$*\" in *--create-slot*) exit 0;; esac\nexec sleep 600\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }
}
