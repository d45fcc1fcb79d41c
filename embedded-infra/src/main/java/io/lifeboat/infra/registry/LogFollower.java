package io.lifeboat.infra.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that reads {@code _schemas} from the beginning, for as long as the instance runs, and applies every
 * record to the {@link RegistryState} in log order. It tells waiters how far it got ({@link #awaitApplied}) and hands
 * each of this instance's proposals its outcome.
 */
final class LogFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RegistryState state;
    private final PendingProposals pending;
    private final Thread thread;
    private final Object progress = new Object();
    private long appliedUpTo; // next offset to apply; guarded by progress
    private volatile boolean running = true;
    private volatile boolean started;

    LogFollower(String bootstrapServers, String clientId, RegistryState state, PendingProposals pending) {
        this.state = state;
        this.pending = pending;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    void start() {
        started = true;
        thread.start();
    }

    /** Blocks until every record before {@code offset} is applied; false if {@code timeout} passed first. */
    boolean awaitApplied(long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedUpTo < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void run() {
        try {
            consumer.assign(List.of(SchemasTopic.PARTITION));
            consumer.seekToBeginning(List.of(SchemasTopic.PARTITION));
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        apply(record);
                    }
                    advance(consumer.position(SchemasTopic.PARTITION));
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (running) {
                        log.warn("reading {} failed, retrying: {}", SchemasTopic.NAME, e.toString());
                        Thread.sleep(RETRY_BACKOFF.toMillis());
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
            synchronized (progress) {
                running = false;
                progress.notifyAll();
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        Optional<LogRecord> decoded = LogRecordCodec.decode(record.key(), record.value());
        if (decoded.isEmpty()) {
            log.debug("skipping record at offset {} of {}: not written by this registry", record.offset(),
                    SchemasTopic.NAME);
            return;
        }
        ApplyOutcome outcome = state.apply(decoded.get());
        log.debug("applied offset {}: {} -> {}", record.offset(), decoded.get(), outcome);
        pending.applied(decoded.get().proposal(), outcome);
    }

    private void advance(long position) {
        synchronized (progress) {
            if (position > appliedUpTo) {
                appliedUpTo = position;
                progress.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
