package io.lifeboat.verify.monitoring;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.verify.alert.Alert;
import io.lifeboat.verify.catalogue.AnnouncedBackup;
import io.lifeboat.verify.catalogue.AnnouncedBackups;
import io.lifeboat.verify.config.VerifyProperties;
import io.lifeboat.verify.location.Location;
import io.lifeboat.verify.location.Locations;
import io.lifeboat.verify.location.StorageUse;
import io.lifeboat.verify.messaging.AlertPublisher;
import io.lifeboat.verify.messaging.ReplayProgress;
import io.lifeboat.verify.monitoring.Observations.BackupFact;
import io.lifeboat.verify.monitoring.Observations.FailureFact;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Gathers the observations the monitoring rules need (catalogue, failures, storage use), evaluates
 * {@link ThresholdRules} every {@code lifeboat.verify.monitor-every} and after each fact, and publishes the
 * difference as alerts. Keeps the last observations for metrics and REST.
 *
 * <p>Publishes nothing until {@link ReplayProgress} says the replayed topics are read back: before that the
 * catalogue, the failures and the open alerts are half rebuilt, and what differs from them is not a change. An
 * evaluation then still returns (and keeps) the conditions; the first one after the replay has caught up publishes.
 */
@Component
public class Monitor implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Monitor.class);
    /** Data types whose backups are recovery points of the database. */
    private static final Set<String> RECOVERY_POINT_TYPES = Set.of("DATABASE_BASE", "DATABASE_DUMP", "WAL");

    private final AnnouncedBackups catalogue;
    private final Locations locations;
    private final AlertPublisher alerts;
    private final ThresholdRules rules;
    private final VerifyProperties properties;
    private final ReplayProgress replay;
    private final Clock clock;
    /** Each failure once, however often its event is replayed or redelivered. */
    private final Set<FailureFact> failures = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "verify-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile Observations last;
    private List<StorageUse> storage = List.of();
    private Instant storageMeasuredAt;
    private volatile List<Alert> lastConditions = List.of();

    public Monitor(AnnouncedBackups catalogue, Locations locations, AlertPublisher alerts, Policy policy,
                   VerifyProperties properties, ReplayProgress replay, Clock clock) {
        this.catalogue = catalogue;
        this.locations = locations;
        this.alerts = alerts;
        this.rules = new ThresholdRules(policy.monitoring(), policy.objectives().rpo());
        this.properties = properties;
        this.replay = replay;
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        long every = properties.monitorEvery().toMillis();
        timer.scheduleWithFixedDelay(this::evaluateQuietly, every, every, TimeUnit.MILLISECONDS);
        replay.whenCaughtUp(() -> timer.execute(this::evaluateQuietly));
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    /** A backup attempt failed (kept once however often it is told): evaluate now. */
    public void failed(FailureFact failure) {
        failures.add(failure);
        evaluate(false);
    }

    /**
     * Measures storage use (unless measured within {@code lifeboat.verify.storage-measure-every}), evaluates every
     * rule now and publishes what changed; returns the conditions.
     */
    public List<Alert> evaluate() {
        return evaluate(true);
    }

    /**
     * Evaluates every rule now and publishes what changed (nothing while the replay has not caught up); returns the
     * conditions that hold now.
     *
     * @param measureStorage false to reuse the last storage measurement whatever its age (an S3 location is measured
     *                       by listing it, too costly to repeat after every archived WAL segment)
     */
    public synchronized List<Alert> evaluate(boolean measureStorage) {
        Instant now = clock.instant();
        if (storageMeasuredAt == null || measureStorage
                && !storageMeasuredAt.plus(properties.storageMeasureEvery()).isAfter(now)) {
            storage = measureStorage();
            storageMeasuredAt = now;
        }
        List<AnnouncedBackup> backups = catalogue.all();
        // the newest archived WAL segment, or a newer backup, is as far as a restore can reach
        Optional<Instant> newestPoint = backups.stream().filter(b -> RECOVERY_POINT_TYPES.contains(b.dataType()))
                .map(AnnouncedBackup::completedAt).max(Instant::compareTo);
        Observations observations = new Observations(now, backups.stream().map(b -> new BackupFact(b.backupId(),
                b.dataType(), b.completedAt(), b.storedBytes())).toList(), List.copyOf(failures), storage,
                newestPoint);
        List<Alert> conditions = rules.evaluate(observations);
        if (replay.caughtUp()) {
            alerts.reconcile(ThresholdRules.RULES, conditions, "monitor-" + UUID.randomUUID());
        }
        last = observations;
        lastConditions = conditions;
        return conditions;
    }

    /**
     * Measures every location. One that cannot be measured now keeps its last measurement: left out, its open
     * storage-capacity alert would be resolved, and raised again (a new page) once it answers.
     */
    private List<StorageUse> measureStorage() {
        List<StorageUse> measured = new ArrayList<>();
        for (Location location : locations.all()) {
            try {
                locations.use(location).ifPresent(measured::add);
            } catch (RuntimeException e) {
                Optional<StorageUse> known = storage.stream().filter(u -> u.location().equals(location.name()))
                        .findFirst();
                known.ifPresent(measured::add);
                log.warn("location '{}' not measured now{}", location.name(),
                        known.isPresent() ? "; its last measurement stands" : "", e);
            }
        }
        return measured;
    }

    public Optional<Observations> lastObservations() {
        return Optional.ofNullable(last);
    }

    public List<Alert> lastConditions() {
        return lastConditions;
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.warn("monitoring evaluation failed, trying again in {}", properties.monitorEvery(), e);
        }
    }
}
