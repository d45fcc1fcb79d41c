package io.lifeboat.verify.sweep;

import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.format.manifest.ManifestException;
import io.lifeboat.format.manifest.ManifestStore;
import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.storage.StorageException;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.catalogue.AnnouncedBackups;
import io.lifeboat.verify.config.VerifyProperties;
import io.lifeboat.verify.integrity.BackupVerification;
import io.lifeboat.verify.integrity.CopyReport;
import io.lifeboat.verify.integrity.LastChecks;
import io.lifeboat.verify.location.Location;
import io.lifeboat.verify.location.Locations;
import io.lifeboat.verify.messaging.IntegrityEventPublisher;
import io.lifeboat.verify.wal.StoredWalArchive;
import io.lifeboat.verify.wal.WalChain;
import io.lifeboat.format.wal.WalSegmentName;
import io.lifeboat.verify.wal.WalArchive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs the 7.1 sweep on the policy's cron ({@code testing.integrity-check.cron}, UTC), a pass over never-verified
 * copies every {@code lifeboat.verify.new-copies-every}, and on demand. Bytes read count against the policy's daily
 * budget ({@code testing.integrity-check.daily-byte-budget}) per UTC day.
 */
@Component
public class IntegritySweep implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IntegritySweep.class);
    /** Which policy schedule entry holds the retention of each data type. */
    private static final Map<String, String> SCHEDULE_OF = Map.of("DATABASE_DUMP", "database-full",
            "DATABASE_BASE", "database-full", "WAL", "database-wal", "CONFIGURATION", "configuration",
            "SECRETS", "secrets", "MEDIA", "call-recordings");

    /** What one sweep did. */
    public record SweepResult(Instant startedAt, SweepPlan plan, List<CopyReport> reports,
                              Map<String, WalChain.Result> walChains, long budgetUsedToday) {
    }

    private final AnnouncedBackups catalogue;
    private final BackupVerification verification;
    private final IntegrityEventPublisher publisher;
    private final LastChecks lastChecks;
    private final Locations locations;
    private final ManifestStore manifests;
    private final Policy policy;
    private final VerifyProperties properties;
    private final Clock clock;
    private final SweepPlanner planner;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private LocalDate budgetDay;
    private final AtomicLong usedToday = new AtomicLong();
    private volatile SweepResult last;

    public IntegritySweep(AnnouncedBackups catalogue, BackupVerification verification,
                          IntegrityEventPublisher publisher, LastChecks lastChecks, Locations locations,
                          ManifestStore manifests, Policy policy, VerifyProperties properties, Clock clock) {
        this.catalogue = catalogue;
        this.verification = verification;
        this.publisher = publisher;
        this.lastChecks = lastChecks;
        this.locations = locations;
        this.manifests = manifests;
        this.policy = policy;
        this.properties = properties;
        this.clock = clock;
        this.planner = new SweepPlanner(policy.testing().reverifyEvery());
    }

    @Override
    public void afterPropertiesSet() {
        scheduler.setThreadNamePrefix("verify-sweep-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        scheduler.schedule(() -> runQuietly(false), new CronTrigger(policy.testing().integrityCron(), ZoneOffset.UTC));
        Duration every = properties.newCopiesEvery();
        scheduler.scheduleWithFixedDelay(() -> runQuietly(true), Instant.now().plus(every), every);
    }

    @Override
    public void destroy() {
        scheduler.shutdown();
    }

    /**
     * One sweep: the due copies within what is left of today's budget ({@code onlyNew}: only never-verified ones),
     * then the WAL chain of every location.
     */
    public synchronized SweepResult run(boolean onlyNew) {
        Instant now = clock.instant();
        long left = Math.max(0, policy.testing().dailyByteBudget() - usedToday(now));
        SweepPlan plan = planner.plan(retainedCopies(now), now, left, onlyNew);
        if (!plan.deferred().isEmpty()) {
            log.warn("integrity sweep defers {} due cop(ies): the daily budget of {} bytes is spent",
                    plan.deferred().size(), policy.testing().dailyByteBudget());
        }
        List<CopyReport> reports = new ArrayList<>();
        for (CopyDue copy : plan.verify()) {
            catalogue.find(copy.backupId()).flatMap(b -> verification.verify(b, copy.location())).ifPresent(r -> {
                spend(now, r.bytesVerified());
                publisher.publish(r, CheckKind.SCHEDULED, catalogue.find(r.backupId())
                        .map(AnnouncedBackup::correlationId).orElse(r.backupId()));
                reports.add(r);
            });
        }
        Map<String, WalChain.Result> chains = onlyNew ? Map.of() : checkWalChains(CheckKind.SCHEDULED);
        last = new SweepResult(now, plan, reports, chains, usedToday(now));
        log.info("integrity sweep: {} cop(ies) verified, {} deferred, {} bytes of today's budget used",
                reports.size(), plan.deferred().size(), usedToday(now));
        return last;
    }

    /** Verifies every retained copy now, whatever the budget (an operator's request), and every WAL chain. */
    public synchronized SweepResult runAll() {
        Instant now = clock.instant();
        List<CopyDue> copies = retainedCopies(now);
        SweepPlan plan = new SweepPlan(copies, copies.stream().mapToLong(CopyDue::storedBytes).sum(), List.of());
        List<CopyReport> reports = new ArrayList<>();
        for (AnnouncedBackup backup : retained(now)) {
            for (CopyReport r : verification.verify(backup)) {
                spend(now, r.bytesVerified());
                publisher.publish(r, CheckKind.ON_DEMAND, backup.correlationId());
                reports.add(r);
            }
        }
        last = new SweepResult(now, plan, reports, checkWalChains(CheckKind.ON_DEMAND), usedToday(now));
        return last;
    }

    /**
     * Checks the WAL chain of every cluster at every location, from the start segment of the cluster's oldest
     * retained base backup, and publishes each result; keyed {@code <system identifier>@<location>}.
     */
    public synchronized Map<String, WalChain.Result> checkWalChains(CheckKind kind) {
        Map<String, WalChain.Result> results = new LinkedHashMap<>();
        Map<String, Optional<WalSegmentName>> starts = new HashMap<>();
        for (Location location : locations.all()) {
            Map<String, WalArchive> archives;
            try {
                archives = StoredWalArchive.bySystem(location.storage());
            } catch (StorageException e) {
                log.warn("wal chain at '{}' not checked now: {}", location.name(), e.getMessage());
                continue;
            }
            for (Map.Entry<String, WalArchive> archive : archives.entrySet()) {
                String system = archive.getKey();
                Instant began = clock.instant();
                Optional<WalSegmentName> start = starts.computeIfAbsent(system, s -> walStart(s, began));
                WalChain.Result result = WalChain.check(archive.getValue(), start, properties.walSegmentBytes());
                publisher.publishWal(system, location.name(), result, kind, Duration.between(began, clock.instant()));
                results.put(system + "@" + location.name(), result);
            }
        }
        return results;
    }

    public Optional<SweepResult> last() {
        return Optional.ofNullable(last);
    }

    public long usedToday() {
        return usedToday(clock.instant());
    }

    /**
     * The segment holding the start LSN of the oldest retained base backup of cluster {@code systemIdentifier}, from
     * its manifest's metadata ({@code walStartLsn}, {@code timeline}, {@code systemIdentifier}); empty when no
     * retained base backup of that cluster is readable.
     */
    private Optional<WalSegmentName> walStart(String systemIdentifier, Instant now) {
        for (AnnouncedBackup backup : retained(now)) {
            if (!"DATABASE_BASE".equals(backup.dataType())) {
                continue;
            }
            for (String name : backup.storedAt()) {
                Optional<Location> location = locations.find(name);
                if (location.isEmpty()) {
                    continue;
                }
                try {
                    Map<String, String> metadata = manifests.read(location.get().storage(), backup.manifestKey())
                            .metadata();
                    if (!systemIdentifier.equals(metadata.get("systemIdentifier"))) {
                        break;
                    }
                    String timeline = metadata.get("timeline");
                    String walStartLsn = metadata.get("walStartLsn");
                    if (timeline == null || walStartLsn == null) {
                        log.warn("the manifest of base backup {} at '{}' names no WAL start (timeline {}, walStartLsn"
                                + " {}): the WAL chain is checked from a newer base backup's start, else from the"
                                + " oldest stored segment", backup.backupId(), name, timeline, walStartLsn);
                        break;
                    }
                    return Optional.of(WalSegmentName.ofLsn(Long.parseLong(timeline), walStartLsn,
                            properties.walSegmentBytes()));
                } catch (ManifestException | StorageException | IllegalArgumentException e) {
                    log.warn("start of the wal chain of base backup {} at '{}' unknown: {}", backup.backupId(),
                            name, e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private List<AnnouncedBackup> retained(Instant now) {
        return catalogue.all().stream().filter(b -> retention(b.dataType())
                .map(r -> b.completedAt().plus(r).isAfter(now)).orElse(true)).toList();
    }

    private List<CopyDue> retainedCopies(Instant now) {
        List<CopyDue> copies = new ArrayList<>();
        for (AnnouncedBackup backup : retained(now)) {
            for (String location : backup.storedAt()) {
                if (locations.find(location).isPresent()) {
                    copies.add(new CopyDue(backup.backupId(), location, backup.storedBytes(), backup.completedAt(),
                            lastChecks.of(backup.backupId(), location).map(LastChecks.Check::at)));
                }
            }
        }
        return copies;
    }

    private Optional<Duration> retention(String dataType) {
        return Optional.ofNullable(SCHEDULE_OF.get(dataType)).map(policy.schedule()::get)
                .map(Policy.ScheduleEntry::retention);
    }

    private synchronized long usedToday(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!day.equals(budgetDay)) {
            budgetDay = day;
            usedToday.set(0);
        }
        return usedToday.get();
    }

    private void spend(Instant now, long bytes) {
        usedToday(now);
        usedToday.addAndGet(bytes);
    }

    private void runQuietly(boolean onlyNew) {
        try {
            run(onlyNew);
        } catch (RuntimeException e) {
            log.warn("integrity sweep failed, the next one tries again", e);
        }
    }
}
