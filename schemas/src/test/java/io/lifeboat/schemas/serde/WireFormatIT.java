package io.lifeboat.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.registry.SchemaRegistryException;
import io.lifeboat.schemas.registry.SchemaRegistryException.Reason;
import io.lifeboat.schemas.registry.StartupRegistration;
import io.lifeboat.schemas.topic.Topics;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serde and the registry client against a real schema registry on a real broker. */
class WireFormatIT {

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static DrDeclared event() {
        return DrDeclared.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("e-1").setOccurredAt(Instant.ofEpochMilli(1_000))
                        .setProducer(new Producer("restore-service", "r-1")).setCorrelationId("c-1")
                        .setPolicyId("POL-ISMS-008@1.0").build())
                .setDrId("dr-1").setTrigger(DrTrigger.EXERCISE).setDeclaredBy("alice").setReason("drill")
                .setDeclaredAt(Instant.ofEpochMilli(2_000)).build();
    }

    @Test
    void writesConfluentFramingWithTheRegisteredIdAndReadsItBack() {
        AvroEventSerializer serializer = new AvroEventSerializer();
        serializer.configure(Map.of("schema.registry.url", registry.url().toString()), false);
        byte[] bytes = serializer.serialize(Topics.DR_DECLARED.name(), event());

        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).isZero();
        int id = buffer.getInt();
        SchemaRegistryClient fresh = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        assertThat(fresh.register(Topics.DR_DECLARED.valueSubject(), DrDeclared.getClassSchema())).isEqualTo(id);
        assertThat(fresh.schemaById(id)).isEqualTo(DrDeclared.getClassSchema());

        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registry.url().toString()), false);
        SpecificRecord back = deserializer.deserialize(Topics.DR_DECLARED.name(), bytes);
        assertThat(back).isEqualTo(event());
    }

    @Test
    void malformedRecordsFailWithAMessageNamingTheFault() {
        AvroEventDeserializer deserializer = new AvroEventDeserializer(
                new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter than the 5-byte");
        assertThatThrownBy(() -> deserializer.deserialize("t", "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not the Confluent wire-format magic");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0x7f, 0x7f, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 32639");
    }

    @Test
    void anIncompatibleSchemaIsRejectedWithReasonIncompatible() {
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        Schema v1 = SchemaBuilder.record("Probe").namespace("io.lifeboat.test").fields()
                .requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Probe").namespace("io.lifeboat.test").fields()
                .requiredString("a").requiredLong("b").endRecord();
        client.register("probe-value", v1);
        assertThatThrownBy(() -> client.register("probe-value", v2))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE))
                .hasMessageContaining("probe-value").hasMessageContaining("409");
    }

    @Test
    void startupWaitsForARegistryThatComesUpLateSayingWhyMeanwhile() throws Exception {
        int port = io.lifeboat.infra.process.Processes.freePort();
        SchemaRegistryClient client = new SchemaRegistryClient(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(1));
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> registration = java.util.concurrent.CompletableFuture.runAsync(
                () -> new StartupRegistration(client, Duration.ofSeconds(60), progress::add)
                        .register(List.of(Topics.DR_DECLARED)));
        while (progress.size() < 2) {
            Thread.sleep(50);
        }
        assertThat(registration).isNotDone();
        try (SchemaRegistryServer late = SchemaRegistryServer.start(broker.bootstrapServers(), port)) {
            registration.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(progress).allSatisfy(line -> assertThat(line).contains("unreachable")
                    .contains("127.0.0.1:" + port).contains("retrying in"));
            assertThat(client.register(Topics.DR_DECLARED.valueSubject(), DrDeclared.getClassSchema()))
                    .isPositive();
        }
    }

    @Test
    void anUnreachableRegistryIsReportedAsTransientAndStartupRetriesThenGivesUp() {
        URI nowhere = URI.create("http://127.0.0.1:" + io.lifeboat.infra.process.Processes.freePort());
        SchemaRegistryClient client = new SchemaRegistryClient(nowhere, Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE))
                .hasMessageContaining(nowhere.toString()).hasMessageContaining("unreachable");

        List<String> progress = new ArrayList<>();
        assertThatThrownBy(() -> new StartupRegistration(client, Duration.ofSeconds(2), progress::add)
                .register(List.of(Topics.DR_DECLARED)))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("gave up after");
        assertThat(progress).isNotEmpty().allSatisfy(line -> assertThat(line).contains("unreachable"));
    }
}
