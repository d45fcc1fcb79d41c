package io.lifeboat.infra.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches topics from their beginning on a background thread and keeps every record it sees, raw and decoded, so
 * tests and the demonstration can wait for an event and check what went over the wire.
 */
public final class TopicProbe<V> implements AutoCloseable {

    /** One record as seen: its topic, key, raw value bytes and the decoded value (null when it did not decode). */
    public record Seen<V>(String topic, String key, byte[] raw, V value, long offset) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<V> deserializer;
    private final List<Seen<V>> seen = new CopyOnWriteArrayList<>();
    private final List<Consumer<Seen<V>>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private TopicProbe(String bootstrapServers, Deserializer<V> deserializer, Collection<String> topics) {
        this.deserializer = deserializer;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.copyOf(topics));
        this.thread = new Thread(this::poll, "topic-probe");
        thread.setDaemon(true);
    }

    /** Starts watching {@code topics}; {@code deserializer} must already be configured. */
    public static <V> TopicProbe<V> start(String bootstrapServers, Deserializer<V> deserializer,
                                          Collection<String> topics) {
        TopicProbe<V> probe = new TopicProbe<>(bootstrapServers, deserializer, topics);
        probe.thread.start();
        return probe;
    }

    /** Called for each record seen from now on, on the probe's thread. */
    public void onRecord(Consumer<Seen<V>> listener) {
        listeners.add(listener);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    V value;
                    try {
                        value = deserializer.deserialize(r.topic(), r.value());
                    } catch (RuntimeException e) {
                        value = null;
                    }
                    Seen<V> s = new Seen<>(r.topic(), r.key(), r.value(), value, r.offset());
                    seen.add(s);
                    listeners.forEach(l -> l.accept(s));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public List<Seen<V>> all() {
        return new ArrayList<>(seen);
    }

    /** Records on {@code topic} whose value matches. */
    public List<Seen<V>> matching(String topic, Predicate<V> match) {
        return seen.stream().filter(s -> s.topic().equals(topic) && s.value() != null && match.test(s.value()))
                .toList();
    }

    /** Waits until a record on {@code topic} matches, or fails naming what it waited for. */
    public Seen<V> await(String topic, Predicate<V> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Seen<V>> found = matching(topic, match).stream().findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a record on " + topic, e);
            }
        }
        throw new AssertionError("no matching record on topic '" + topic + "' within " + timeout.toSeconds()
                + " s; seen: " + seen.stream().map(s -> s.topic() + "/" + s.key()).toList());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
