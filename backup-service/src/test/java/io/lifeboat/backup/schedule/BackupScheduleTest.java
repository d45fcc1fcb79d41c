package io.lifeboat.backup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.backup.config.ServiceProperties;
import io.lifeboat.backup.copy.AbandonedWrites;
import io.lifeboat.backup.fixtures.TieredRepository;
import io.lifeboat.backup.retention.RetentionRun;
import io.lifeboat.backup.run.BackupJob;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.BackupReporter;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.backup.run.DatabaseBackup;
import io.lifeboat.backup.run.PhysicalBackup;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Catching up the daily full at start-up, on a real repository (three filesystem locations, leases and catalogue at
 * the primary) with the policy's cron (02:00 UTC) and the clock at 10:00 UTC. The jobs only record that they ran.
 */
class BackupScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant SLOT = Instant.parse("2026-11-29T02:00:00Z");
    private static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));

    @TempDir
    Path dir;
    TieredRepository repository;
    BackupProperties properties;
    TieredRepository.Service service;
    BackupTrigger trigger;
    ScheduledRuns runs;
    final List<String> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        repository = new TieredRepository(dir);
        BackupProperties tiered = repository.properties();
        properties = new BackupProperties(tiered.database(), tiered.locations(), true, null, tiered.dumpTimeout(),
                tiered.retry(), tiered.copyRetryInterval(), null, tiered.retentionCron(), tiered.compressionLevel());
        service = repository.open(properties, (copy, attempts) -> { });
        BackupReporter reporter = new BackupReporter() {
            @Override
            public void started(String backupId, String dataType, String source, BackupTrigger.Trigger kind,
                                int attempt, Instant at) {
                started.add(dataType + " " + kind);
            }

            @Override
            public void completed(BackupOutcome.Completed completed) {
            }

            @Override
            public void failed(BackupOutcome.Failed failed, int attempt, Instant nextAttemptAt) {
            }
        };
        trigger = new BackupTrigger(List.of(job(PhysicalBackup.DATA_TYPE), job(DatabaseBackup.DATA_TYPE)), reporter,
                service.copies(), properties, Clock.fixed(NOW, ZoneOffset.UTC));
        runs = new ScheduledRuns(service.locations(), new ServiceProperties("i-1", "POL-ISMS-008@1.0"));
    }

    @AfterEach
    void stop() throws Exception {
        trigger.close();
        service.close();
    }

    /** The scheduled run claimed 02:00 and died: its lease is taken, nothing was committed; both are caught up. */
    @Test
    void aRunThatWasClaimedAndDiedIsCaughtUp() throws Exception {
        assertThat(runs.claim(BackupSchedule.DATABASE_FULL, SLOT)).isTrue();

        startSchedule();

        assertThat(started).containsExactly("DATABASE_BASE CATCH_UP", "DATABASE_DUMP CATCH_UP");
    }

    /**
     * Another instance claimed 02:00 and may still be taking it (an instance that starts meanwhile must not take the
     * same backups beside it); nothing is caught up here.
     */
    @Test
    void aRunAnotherInstanceClaimedIsNotTakenAgain() throws Exception {
        ScheduledRuns other = new ScheduledRuns(service.locations(), new ServiceProperties("i-2", "POL-ISMS-008@1.0"));
        assertThat(other.claim(BackupSchedule.DATABASE_FULL, SLOT)).isTrue();

        startSchedule();

        assertThat(started).isEmpty();
        assertThat(runs.taken()).noneMatch(lease -> lease.contains(BackupSchedule.CATCH_UP));
    }

    /** Only the dump of 02:00 was committed: the base backup is caught up, the dump is not taken again. */
    @Test
    void aBaseBackupMissingBesideACommittedDumpIsCaughtUpAlone() throws Exception {
        TieredRepository.commit(service.commit(), DatabaseBackup.DATA_TYPE, "dump-1",
                SLOT.plusSeconds(60), "a dump".getBytes(StandardCharsets.UTF_8));

        startSchedule();

        assertThat(started).containsExactly("DATABASE_BASE CATCH_UP");
    }

    /** Registers the schedule (which catches up) and waits until every run it started has been attempted. */
    private void startSchedule() throws Exception {
        Catalogue catalogue = new Catalogue(service.locations(), repository.keys());
        RetentionRun retention = new RetentionRun(catalogue, service.locations(), (verdict, at) -> { }, POLICY);
        AbandonedWrites abandoned = new AbandonedWrites(service.locations(), properties);
        new BackupSchedule(trigger, POLICY, properties, retention, abandoned, runs, catalogue,
                Clock.fixed(NOW, ZoneOffset.UTC)).configureTasks(new ScheduledTaskRegistrar());
        // the trigger runs attempts one at a time, in order: once this one is done, the caught-up ones were tried
        trigger.start(BackupTrigger.Trigger.MANUAL, DatabaseBackup.DATA_TYPE).outcome().get(30, TimeUnit.SECONDS);
        started.remove(started.size() - 1);
    }

    /** A job that takes no backup (the reporter records its start): it fails in a way no retry follows. */
    private static BackupJob job(String dataType) {
        return new BackupJob() {
            @Override
            public String dataType() {
                return dataType;
            }

            @Override
            public String source() {
                return "db";
            }

            @Override
            public BackupOutcome run(String backupId) {
                return new BackupOutcome.Failed(backupId, dataType, "db", BackupOutcome.FailureReason.DUMP_FAILED,
                        "not taken in this test");
            }
        };
    }
}
