package io.lifeboat.schemas.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.process.Processes;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox in front of a real broker and schema registry: a BackupCompleted Kafka could not take arrives later. */
class EventOutboxIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void aBackupCompletedWhosePublishFailedIsPublishedOnceKafkaTakesItWithTheSameEventId() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"));
             SchemaRegistryServer registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0)) {
            SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
            // no broker listens here: Kafka is down for this producer
            Producing kafka = new Producing(producer("127.0.0.1:" + Processes.freePort(), client));
            BackupStarted started = EventOutboxTest.started("b-1");
            BackupCompleted completed = EventOutboxTest.completed("b-1");
            try (EventOutbox outbox = new EventOutbox(work.resolve("outbox"), kafka, Duration.ofHours(1));
                 TopicProbe<SpecificRecord> events = TopicProbe.start(broker.bootstrapServers(),
                         new AvroEventDeserializer(client),
                         List.of(Topics.BACKUP_STARTED.name(), Topics.BACKUP_COMPLETED.name()))) {
                outbox.send(Topics.BACKUP_STARTED, "b-1", started);
                outbox.send(Topics.BACKUP_COMPLETED, "b-1", completed);
                assertThat(outbox.resend()).isEqualTo(2);

                kafka.producer.close();
                kafka.producer = producer(broker.bootstrapServers(), client);
                assertThat(outbox.resend()).isZero();

                TopicProbe.Seen<SpecificRecord> seen = events.await(Topics.BACKUP_COMPLETED.name(),
                        e -> ((BackupCompleted) e).getBackupId().equals("b-1"), WAIT);
                assertThat(seen.key()).isEqualTo("b-1");
                assertThat(((BackupCompleted) seen.value()).getHeader().getEventId())
                        .isEqualTo(completed.getHeader().getEventId());
                assertThat(events.await(Topics.BACKUP_STARTED.name(), e -> true, WAIT).value()).isEqualTo(started);
            } finally {
                kafka.producer.close();
            }
        }
    }

    private static KafkaProducer<String, SpecificRecord> producer(String brokers, SchemaRegistryClient registry) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000),
                new StringSerializer(), new AvroEventSerializer(registry));
    }

    /** Sends synchronously, as the services' producers do, through whichever producer is current. */
    private static final class Producing implements Delivery {

        volatile KafkaProducer<String, SpecificRecord> producer;

        Producing(KafkaProducer<String, SpecificRecord> producer) {
            this.producer = producer;
        }

        @Override
        public <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
            try {
                producer.send(new ProducerRecord<>(topic.name(), key, event)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent", e);
            }
        }
    }
}
