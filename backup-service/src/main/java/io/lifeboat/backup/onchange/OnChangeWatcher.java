package io.lifeboat.backup.onchange;

import io.lifeboat.backup.config.OnChangeProperties;
import io.lifeboat.backup.run.BackupOutcome;
import io.lifeboat.backup.run.BackupTrigger;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Polls every on-change source and starts a backup when its fingerprint differs from the last one stored. */
@Component
class OnChangeWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OnChangeWatcher.class);

    private final List<OnChangeBackup> jobs;
    private final BackupTrigger trigger;
    private final OnChangeProperties properties;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller;

    OnChangeWatcher(ObjectProvider<OnChangeBackup> jobs, BackupTrigger trigger, OnChangeProperties properties) {
        this.jobs = jobs.orderedStream().toList();
        this.trigger = trigger;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (jobs.isEmpty()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "on-change-watcher");
            t.setDaemon(true);
            return t;
        });
        long every = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    void poll() {
        for (OnChangeBackup job : jobs) {
            String type = job.dataType();
            if (inFlight.getOrDefault(type, false)) {
                continue;
            }
            String fingerprint;
            try {
                fingerprint = job.changeSource().fingerprint();
            } catch (IOException | RuntimeException e) {
                log.warn("{} cannot be checked for changes: {}", type, e.getMessage());
                continue;
            }
            if (fingerprint.equals(stored.get(type))) {
                continue;
            }
            inFlight.put(type, true);
            log.info("{} changed; backing it up", type);
            trigger.start(BackupTrigger.Trigger.ON_CHANGE, type).outcome().whenComplete((outcome, failure) -> {
                if (outcome instanceof BackupOutcome.Completed) {
                    stored.put(type, fingerprint);
                }
                inFlight.put(type, false);
            });
        }
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null && !poller.isShutdown();
    }
}
