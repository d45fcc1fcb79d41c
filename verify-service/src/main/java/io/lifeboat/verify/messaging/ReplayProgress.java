package io.lifeboat.verify.messaging;

import io.lifeboat.schemas.topic.TopicReaderSettings;
import io.lifeboat.schemas.topic.Topics;
import io.lifeboat.verify.config.ServiceProperties;
import io.lifeboat.verify.config.VerifyProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Whether the replayed bindings ({@code catalogue}, {@code walCatalogue}, {@code copyCatalogue},
 * {@code backupFailedLog}, {@code alertLog}, {@code alertResolvedLog}: a group per instance, read from the beginning
 * at every start) have read what their topics held when this instance started. Until then the catalogue, the
 * failures and the open alerts are half rebuilt, and neither the monitoring rules nor the integrity checks (see
 * {@link IntegrityEventPublisher}) may raise or resolve alerts from them: a restart would raise an age, RPO or
 * failure alert that does not hold, raise an open alert a second time, or resolve one that still holds.
 *
 * <p>At start the end offsets of every partition of those topics are taken with a consumer of the binder's Kafka
 * settings (no group, nothing committed, no topic created); each replayed binding reports the offset of every record
 * it has handled. Caught up means every partition non-empty at start has been read up to its end offset then;
 * partitions empty at start and topics that did not exist are not waited for. A record the bindings never hand over
 * (retried, then sent to a dead-letter topic) would hold the replay back forever, so after
 * {@code lifeboat.verify.replay-wait} the replay counts as caught up anyway, with a warning naming what was still
 * behind. Shown in {@code GET /api/checks} and as the {@code replayProgress} health component (always UP: an instance
 * replaying is healthy).
 */
@Component
public class ReplayProgress implements SmartLifecycle, HealthIndicator {

    static final List<String> TOPICS = List.of(Topics.BACKUP_COMPLETED.name(), Topics.WAL_ARCHIVED.name(),
            Topics.COPY_STORED.name(), Topics.BACKUP_FAILED.name(), Topics.ALERT_RAISED.name(),
            Topics.ALERT_RESOLVED.name());

    private static final Logger log = LoggerFactory.getLogger(ReplayProgress.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Map<String, Object> consumerConfig;
    private final Duration maxWait;
    /** Per partition, the offset after the newest record a replayed binding has handled. */
    private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
    private final List<Runnable> whenCaughtUp = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUpLatch = new CountDownLatch(1);
    /** Per partition non-empty at start, its end offset then; null until taken. */
    private volatile Map<TopicPartition, Long> end;
    private volatile boolean caughtUp;
    private volatile boolean running;
    private Thread thread;

    ReplayProgress(VerifyProperties properties, ServiceProperties service, Environment environment) {
        this.maxWait = properties.replayWait();
        this.consumerConfig = TopicReaderSettings.of(environment, "verify-service-replay-progress-" + service.instance());
    }

    /** A replayed binding handled {@code message}: its record counts as read. */
    void handled(Message<?> message) {
        String topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC, String.class);
        Integer partition = message.getHeaders().get(KafkaHeaders.RECEIVED_PARTITION, Integer.class);
        Long offset = message.getHeaders().get(KafkaHeaders.OFFSET, Long.class);
        if (topic == null || partition == null || offset == null) {
            return;
        }
        read.merge(new TopicPartition(topic, partition), offset + 1, Math::max);
        if (!caughtUp) {
            checkCaughtUp();
        }
    }

    /** True once the replay has caught up (or {@code lifeboat.verify.replay-wait} has passed). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Waits until the replay has caught up, at most {@code replay-wait} (by then {@link #run} counts it as caught up
     * anyway); returns at once when it has.
     *
     * @throws IllegalStateException when interrupted, or when the service stops before the replay caught up: the
     *                               caller must not go on as if it had (its record is handled again after a start)
     */
    void awaitCaughtUp() {
        try {
            caughtUpLatch.await(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the alert topics to be read back", e);
        }
        if (!caughtUp && !running) {
            // stopped before the replay finished: the caller's record is handled again by the next start
            throw new IllegalStateException("verify-service stopped before the alert topics were read back");
        }
    }

    /** Runs {@code action} once the replay has caught up (now, on this thread, if it has). */
    public void whenCaughtUp(Runnable action) {
        whenCaughtUp.add(action);
        if (caughtUp && whenCaughtUp.remove(action)) {
            action.run();
        }
    }

    /** Per partition still behind, how many records are left to read; empty when the end offsets are not known. */
    public Map<String, Long> behind() {
        Map<TopicPartition, Long> ends = end;
        Map<String, Long> behind = new TreeMap<>();
        if (ends != null) {
            ends.forEach((partition, endOffset) -> {
                long left = endOffset - read.getOrDefault(partition, 0L);
                if (left > 0) {
                    behind.put(partition.toString(), left);
                }
            });
        }
        return behind;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("caughtUp", caughtUp).withDetail("behind", behind()).build();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "verify-replay-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        thread.interrupt();
        // a caller waiting for the replay must not hold the shutdown up for the rest of replay-wait
        caughtUpLatch.countDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            while (end == null && System.nanoTime() - deadline < 0) {
                try {
                    end = endOffsets();
                    log.info("replaying the catalogue, failure and alert topics up to {}", end);
                    checkCaughtUp();
                } catch (KafkaException e) {
                    log.warn("cannot read the end offsets of the replayed topics, trying again in {}: {}", RETRY,
                            e.toString());
                    Thread.sleep(RETRY.toMillis());
                }
            }
            long left = deadline - System.nanoTime();
            if (!caughtUpLatch.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                log.warn("the catalogue, failure and alert topics were not read back within {} (still behind: {});"
                        + " monitoring publishes from what was read", maxWait, end == null ? "end offsets unknown"
                        : behind());
                open();
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    /** Called for every record replayed, so it only compares offsets (behind() builds a report). */
    private void checkCaughtUp() {
        Map<TopicPartition, Long> ends = end;
        if (ends != null && ends.entrySet().stream()
                .allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
            open();
        }
    }

    private synchronized void open() {
        if (caughtUp) {
            return;
        }
        caughtUp = true;
        caughtUpLatch.countDown();
        log.info("the catalogue, failure and alert topics are read back: monitoring publishes from now on");
        for (Runnable action : whenCaughtUp) {
            if (whenCaughtUp.remove(action)) {
                action.run();
            }
        }
    }

    /** The end offset of every partition of {@link #TOPICS} that holds a record now. */
    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, endOffset) -> {
                if (endOffset > beginning.getOrDefault(partition, 0L)) {
                    ends.put(partition, endOffset);
                }
            });
            return Map.copyOf(ends);
        }
    }
}
