package io.lifeboat.infra.registry;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@link RegistryLog} on Kafka: proposals are produced to {@code _schemas} (partition 0, acks=all, idempotent),
 * a {@link LogFollower} applies the topic to the {@link RegistryState}, and a proposer waits until the follower has
 * applied its own record and takes the outcome the state machine computed for it. Catching up means: ask the broker
 * for the end offset, wait until the follower has applied up to it.
 */
final class KafkaRegistryLog implements RegistryLog, AutoCloseable {

    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final LogFollower follower;
    private final PendingProposals pending = new PendingProposals();
    private final String instanceId = UUID.randomUUID().toString();
    private final AtomicLong proposals = new AtomicLong();
    private final Duration timeout;

    private KafkaRegistryLog(String bootstrapServers, RegistryState state, Duration timeout) {
        this.timeout = timeout;
        String clientId = "schema-registry-" + instanceId.substring(0, 8);
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin"));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.toIntExact(timeout.toMillis())),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.follower = new LogFollower(bootstrapServers, clientId + "-follower", state, pending);
    }

    /** Sets up the topic, starts following it and returns once everything already in it is applied. */
    static KafkaRegistryLog open(String bootstrapServers, RegistryState state, Duration timeout) {
        KafkaRegistryLog log = new KafkaRegistryLog(bootstrapServers, state, timeout);
        try {
            SchemasTopic.ensure(log.admin, timeout);
            log.follower.start();
            log.catchUp();
            return log;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    @Override
    public String nextProposalId() {
        return instanceId + "-" + proposals.incrementAndGet();
    }

    @Override
    public void catchUp() {
        long end = SchemasTopic.endOffset(admin, timeout);
        try {
            if (!follower.awaitApplied(end, timeout)) {
                throw RegistryError.OPERATION_TIMEOUT.exception("Operation timed out: " + SchemasTopic.NAME
                        + " not read up to offset " + end + " within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.STORE_ERROR.exception("interrupted while reading " + SchemasTopic.NAME, e);
        }
    }

    @Override
    public ApplyOutcome propose(LogRecord record) {
        CompletableFuture<ApplyOutcome> outcome = pending.expect(record.proposal());
        try {
            producer.send(new ProducerRecord<>(SchemasTopic.NAME, SchemasTopic.PARTITION.partition(),
                    LogRecordCodec.key(record), LogRecordCodec.value(record)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw RegistryError.STORE_ERROR.exception("Error in the backend data store: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw RegistryError.OPERATION_TIMEOUT.exception("Operation timed out: proposal " + record.proposal()
                    + " not applied within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.STORE_ERROR.exception("interrupted while writing to " + SchemasTopic.NAME, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw RegistryError.STORE_ERROR.exception("Error in the backend data store: " + e, e);
        } finally {
            pending.forget(record.proposal());
        }
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
