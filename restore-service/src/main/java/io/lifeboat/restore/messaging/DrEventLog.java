package io.lifeboat.restore.messaging;

import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.restore.ChecklistItem;
import io.lifeboat.events.restore.DrClosed;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrPhaseCompleted;
import io.lifeboat.restore.config.ServiceProperties;
import io.lifeboat.restore.dr.Declaration;
import io.lifeboat.restore.dr.DisasterLedger;
import io.lifeboat.restore.dr.DisasterLedger.Applied;
import io.lifeboat.restore.dr.DrClosing;
import io.lifeboat.restore.dr.DrPhaseCompletion;
import io.lifeboat.schemas.registry.SchemaRegistryException;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.topic.TopicReaderSettings;
import io.lifeboat.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The DR topics ({@code lifeboat.dr-declared}, {@code lifeboat.dr-phase-completed}, {@code lifeboat.dr-closed}) read
 * back into the {@link DisasterLedger}: they are the durable record of every declared disaster.
 *
 * <p>At start-up, before the web server serves, every partition of the three topics is read from its beginning up to
 * the end offsets taken then (the replay); start-up waits for that up to {@code lifeboat.restore.dr.replay-wait}, then
 * goes on, and the DR endpoints answer 503 until the replay has finished. The same consumer then keeps reading, so
 * facts published by other instances reach this one; topics and partitions that appear later are read from their
 * beginning. There is no consumer group and nothing is committed: every instance reads everything.
 *
 * <p>A record that cannot be decoded or mapped (not Avro, an unknown schema id, not a DR event, a DR event whose
 * header names another producer than restore-service) is logged with its topic, partition and offset, never its
 * content, and skipped. A record that cannot be decoded because the schema
 * registry does not answer is not skipped: it is read again after a pause (growing to 10 s), and the replay waits.
 *
 * <p>The consumer takes the binder's Kafka settings ({@code spring.cloud.stream.kafka.binder.brokers},
 * {@code .configuration} and {@code .consumer-properties}, so security settings and the consumers' schema registry
 * apply), decodes with {@link AvroEventDeserializer} and never creates a topic.
 */
@Component
class DrEventLog implements SmartLifecycle {

    static final List<String> TOPICS = List.of(Topics.DR_DECLARED.name(), Topics.DR_PHASE_COMPLETED.name(),
            Topics.DR_CLOSED.name());

    private static final Logger log = LoggerFactory.getLogger(DrEventLog.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final DisasterLedger ledger;
    private final DrLogProperties properties;
    private final Map<String, Object> consumerConfig;
    private final DrTopicRetention retention;
    private volatile CountDownLatch replayed;
    private volatile CountDownLatch stopping;
    private volatile boolean running;
    private volatile String obstacle = "";
    private KafkaConsumer<String, byte[]> consumer;
    private AvroEventDeserializer deserializer;
    private Thread thread;
    private long recordsRead;
    private long recordsSkipped;

    DrEventLog(DisasterLedger ledger, DrLogProperties properties, ServiceProperties service, Environment environment) {
        this.ledger = ledger;
        this.properties = properties;
        this.consumerConfig = TopicReaderSettings.of(environment, "restore-service-dr-log-" + service.instance());
        this.retention = new DrTopicRetention(consumerConfig);
    }

    @Override
    public void start() {
        replayed = new CountDownLatch(1);
        stopping = new CountDownLatch(1);
        deserializer = new AvroEventDeserializer();
        deserializer.configure(consumerConfig, false);
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "dr-event-log");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!replayed.await(properties.replayWait().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the DR topics were not read back within {}{}; starting anyway, the DR endpoints answer 503"
                        + " until they are", properties.replayWait(), obstacle.isEmpty() ? "" : " (" + obstacle + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        stopping.countDown();
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts serving: no DR request is answered before the replay had its chance. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
    }

    private void run() {
        Map<TopicPartition, Long> replayEnd = null;
        boolean replayDone = false;
        long startedAt = System.nanoTime();
        long nextTopicCheck = 0;
        Duration pause = FIRST_PAUSE;
        try {
            while (running) {
                boolean again;
                try {
                    if (replayEnd == null) {
                        replayEnd = startReplay();
                        nextTopicCheck = System.nanoTime() + properties.topicCheckEvery().toNanos();
                    }
                    again = readOnce();
                    if (!replayDone && caughtUp(replayEnd)) {
                        finishReplay(startedAt);
                        replayDone = true;
                    }
                    if (System.nanoTime() - nextTopicCheck >= 0) {
                        readNewPartitions();
                        nextTopicCheck = System.nanoTime() + properties.topicCheckEvery().toNanos();
                    }
                    if (!again) {
                        obstacle("");
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    obstacle("Kafka: " + e.getMessage());
                    log.warn("reading the DR topics failed, retrying in {} ms: {}", pause.toMillis(), e.toString());
                    again = true;
                } catch (RuntimeException e) {
                    obstacle("reading the DR topics failed: " + e);
                    log.error("reading the DR topics failed unexpectedly, retrying in {} ms", pause.toMillis(), e);
                    again = true;
                }
                if (again) {
                    if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                } else {
                    pause = FIRST_PAUSE;
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("closing the DR topics' consumer: {}", e.toString());
            }
        }
    }

    /** Every partition from its beginning; returns where each ended now. */
    private Map<TopicPartition, Long> startReplay() {
        List<TopicPartition> partitions = partitions();
        retention.ensureUnlimited(partitions.stream().map(TopicPartition::topic).toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        log.info("reading back the DR topics {} up to {}", TOPICS, end);
        return end;
    }

    /** One poll; true when a record must be read again (the schema registry did not answer). */
    private boolean readOnce() throws InterruptedException {
        if (consumer.assignment().isEmpty()) {
            // none of the topics exists yet; a consumer without partitions must not poll
            stopping.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        }
        Set<TopicPartition> readAgain = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (readAgain.contains(partition)) {
                continue;
            }
            if (handle(record)) {
                recordsRead++;
            } else {
                consumer.seek(partition, record.offset());
                readAgain.add(partition);
            }
        }
        return !readAgain.isEmpty();
    }

    /** Applies or skips one record; false when it has to be read again. */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        SpecificRecord event;
        try {
            event = deserializer.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException registry && registry.reason().isTransient()) {
                obstacle("schema registry: " + registry.getMessage());
                log.warn("cannot decode {} while the schema registry does not answer, reading it again: {}",
                        where(record), registry.getMessage());
                return false;
            }
            skip(record, e.getMessage());
            return true;
        }
        try {
            Applied applied = apply(event);
            if (applied == Applied.CONFLICT) {
                log.warn("{} conflicts with a fact known about the same disaster; the earlier one is kept",
                        where(record));
            }
        } catch (RuntimeException e) {
            skip(record, e.toString());
        }
        return true;
    }

    private Applied apply(SpecificRecord event) {
        if (event instanceof DrDeclared declared) {
            requireOwn(declared.getHeader());
            return ledger.apply(declaration(declared));
        }
        if (event instanceof DrPhaseCompleted completed) {
            requireOwn(completed.getHeader());
            return ledger.apply(completion(completed));
        }
        if (event instanceof DrClosed closed) {
            requireOwn(closed.getHeader());
            return ledger.apply(closing(closed));
        }
        throw new IllegalArgumentException(event == null ? "the record has no value"
                : "a " + event.getSchema().getFullName() + " is not a DR event");
    }

    /**
     * Only restore-service records DR facts; one whose header names another producer (a forged, back-dated
     * declaration, say, which would win under "the earlier fact wins") is refused, without quoting what it names.
     */
    private static void requireOwn(EventHeader header) {
        if (header == null || header.getProducer() == null
                || !MessagingConfiguration.SERVICE.equals(header.getProducer().getService())) {
            throw new IllegalArgumentException("a DR fact not published by " + MessagingConfiguration.SERVICE);
        }
    }

    static Declaration declaration(DrDeclared e) {
        return new Declaration(e.getDrId(), Declaration.Trigger.valueOf(e.getTrigger().name()), e.getDeclaredBy(),
                e.getReason(), e.getDeclaredAt());
    }

    static DrPhaseCompletion completion(DrPhaseCompleted e) {
        Map<String, Boolean> checklist = new LinkedHashMap<>();
        for (ChecklistItem item : e.getChecklist()) {
            checklist.put(item.getItem(), item.getDone());
        }
        return new DrPhaseCompletion(e.getDrId(), e.getPhase(), e.getPhaseIndex(), checklist, e.getCompletedBy(),
                e.getCompletedAt(), Duration.ofMillis(e.getElapsedMillis()), Duration.ofMillis(e.getDeadlineMillis()),
                e.getNotes());
    }

    static DrClosing closing(DrClosed e) {
        return new DrClosing(e.getDrId(), e.getClosedBy(), e.getClosedAt(), Duration.ofMillis(e.getDurationMillis()),
                e.getPhasesCompleted(), e.getPhasesLate(), e.getPhasesSkipped(), e.getSummary());
    }

    private void skip(ConsumerRecord<String, byte[]> record, String why) {
        recordsSkipped++;
        log.warn("skipped {}: {}", where(record), why);
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void finishReplay(long startedAt) {
        ledger.replayFinished();
        replayed.countDown();
        log.info("DR state rebuilt from the DR topics: {} disasters ({} open) from {} records ({} skipped) in {} ms",
                ledger.declared(), ledger.open(), recordsRead, recordsSkipped,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    /** Partitions that appeared since (a topic created by the first event published on it) are read from the start. */
    private void readNewPartitions() {
        Set<TopicPartition> assigned = consumer.assignment();
        List<TopicPartition> added = partitions().stream().filter(p -> !assigned.contains(p)).toList();
        if (added.isEmpty()) {
            return;
        }
        retention.ensureUnlimited(added.stream().map(TopicPartition::topic).toList());
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition p : assigned) {
            positions.put(p, consumer.position(p));
        }
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(added);
        consumer.assign(all);
        positions.forEach(consumer::seek);
        consumer.seekToBeginning(added);
        log.info("reading DR topic partitions {} from their beginning", added);
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        return partitions;
    }

    private void obstacle(String now) {
        if (!now.equals(obstacle)) {
            obstacle = now;
            ledger.replayObstacle(now);
        }
    }

    private static String where(ConsumerRecord<String, byte[]> record) {
        return "record " + record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
