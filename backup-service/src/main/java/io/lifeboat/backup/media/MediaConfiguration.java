package io.lifeboat.backup.media;

import io.lifeboat.backup.catalogue.Catalogue;
import io.lifeboat.backup.config.MediaProperties;
import io.lifeboat.backup.run.BackupCommit;
import io.lifeboat.backup.run.BackupTrigger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The media mirror job and its poller, when {@code lifeboat.backup.media.directory} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${lifeboat.backup.media.directory:}'.isBlank()")
class MediaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediaConfiguration.class);

    @Bean
    MediaMirror mediaMirror(MediaProperties properties, BackupCommit commit, Clock clock) {
        return new MediaMirror(Path.of(properties.directory()), commit, clock);
    }

    @Bean
    SmartLifecycle mediaPoller(MediaMirror mirror, Catalogue catalogue, BackupTrigger trigger,
                               MediaProperties properties) {
        return new SmartLifecycle() {
            private ScheduledExecutorService poller;
            private final AtomicBoolean inFlight = new AtomicBoolean();

            @Override
            public void start() {
                poller = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "media-mirror");
                    t.setDaemon(true);
                    return t;
                });
                poller.execute(() -> {
                    try {
                        mirror.recall(catalogue);
                    } catch (RuntimeException e) {
                        log.warn("mirrored media cannot be recalled from the catalogue: {}", e.getMessage());
                    }
                });
                long every = properties.pollInterval().toMillis();
                poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
            }

            private void poll() {
                try {
                    if (!inFlight.get() && !mirror.unmirrored().isEmpty()) {
                        inFlight.set(true);
                        trigger.start(BackupTrigger.Trigger.ON_CHANGE, MediaMirror.DATA_TYPE).outcome()
                                .whenComplete((o, e) -> inFlight.set(false));
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    log.warn("media directory cannot be scanned: {}", e.getMessage());
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
        };
    }
}
