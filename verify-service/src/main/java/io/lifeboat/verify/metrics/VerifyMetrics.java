package io.lifeboat.verify.metrics;

import io.lifeboat.events.common.DataType;
import io.lifeboat.verify.integrity.LastChecks;
import io.lifeboat.verify.integrity.Outcome;
import io.lifeboat.verify.location.Location;
import io.lifeboat.verify.location.Locations;
import io.lifeboat.verify.location.StorageUse;
import io.lifeboat.verify.monitoring.Monitor;
import io.lifeboat.verify.monitoring.Observations;
import io.lifeboat.verify.monitoring.Observations.BackupFact;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads the monitor's last observations and the newest checks; a value that is not known yet is NaN. Storage use
 * comes from the monitor's last measurement, so scraping never lists a bucket.
 */
@Component
class VerifyMetrics implements MeterBinder {

    private final Monitor monitor;
    private final LastChecks lastChecks;
    private final Locations locations;

    VerifyMetrics(Monitor monitor, LastChecks lastChecks, Locations locations) {
        this.monitor = monitor;
        this.lastChecks = lastChecks;
        this.locations = locations;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (DataType type : DataType.values()) {
            Gauge.builder("lifeboat.backup.age", () -> age(type.name()))
                    .description("seconds since the newest completed backup of the data type")
                    .baseUnit("seconds").tag("data_type", type.name()).register(registry);
        }
        Gauge.builder("lifeboat.rpo.achieved", this::rpo)
                .description("seconds between now and the newest recoverable point (newest WAL segment or backup)")
                .baseUnit("seconds").register(registry);
        for (Location location : locations.all()) {
            for (Outcome outcome : Outcome.values()) {
                Gauge.builder("lifeboat.verification.last.outcome", () -> lastOutcome(location.name(), outcome))
                        .description("1 for the outcome of the newest verification at the location, else 0")
                        .tag("location", location.name()).tag("outcome", outcome.name()).register(registry);
            }
            Gauge.builder("lifeboat.storage.used.ratio", () -> storage(location.name()).map(u -> u.percent() / 100)
                            .orElse(Double.NaN))
                    .description("used share of the location's volume (filesystem) or quota (S3)")
                    .tag("location", location.name()).register(registry);
            Gauge.builder("lifeboat.storage.used", () -> storage(location.name())
                            .map(u -> (double) u.usedBytes()).orElse(Double.NaN))
                    .baseUnit("bytes").tag("location", location.name()).register(registry);
        }
    }

    private double age(String dataType) {
        Optional<Observations> o = monitor.lastObservations();
        return o.flatMap(obs -> obs.backups().stream().filter(b -> b.dataType().equals(dataType))
                        .map(BackupFact::completedAt).max(java.time.Instant::compareTo)
                        .map(at -> (double) Duration.between(at, obs.now()).toSeconds()))
                .orElse(Double.NaN);
    }

    private double rpo() {
        return monitor.lastObservations().flatMap(obs -> obs.newestRecoverablePoint()
                .map(p -> (double) Duration.between(p, obs.now()).toSeconds())).orElse(Double.NaN);
    }

    private double lastOutcome(String location, Outcome outcome) {
        return lastChecks.newestAt(location).map(c -> c.report().outcome() == outcome ? 1.0 : 0.0)
                .orElse(Double.NaN);
    }

    private Optional<StorageUse> storage(String location) {
        return monitor.lastObservations().flatMap(o -> o.storage().stream()
                .filter(u -> u.location().equals(location)).findFirst());
    }
}
