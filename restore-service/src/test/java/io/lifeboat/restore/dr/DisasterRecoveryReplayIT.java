package io.lifeboat.restore.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.events.restore.AccessAudited;
import io.lifeboat.events.restore.AccessDecision;
import io.lifeboat.events.restore.ChecklistItem;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrPhaseCompleted;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.format.crypto.LocalKeysetMasterKeys;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.process.Teardown;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.restore.RestoreServiceApplication;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Declared disasters survive restarts and reach every instance: restore-service against a real broker and schema
 * registry, stopped and started again, side by side with a second instance, with poison records on the DR topics and
 * with a schema registry that does not answer during the replay.
 */
@ExtendWith(OutputCaptureExtension.class)
class DisasterRecoveryReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOKEN = "dr-operator-token-0123456789";

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static SchemaRegistryClient registryClient;
    static KafkaProducer<String, SpecificRecord> events;
    static KafkaProducer<String, byte[]> bytes;
    static final ObjectMapper json = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newHttpClient();

    /** One running restore-service. */
    record Service(ConfigurableApplicationContext context, String baseUrl) implements AutoCloseable {

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization",
                    "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization",
                            "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        String declare(String reason) throws Exception {
            HttpResponse<String> r = post("/api/dr/declarations",
                    "{\"trigger\":\"EXERCISE\",\"reason\":\"" + reason + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            return json.readTree(r.body()).get("drId").asString();
        }

        JsonNode state(String drId) throws Exception {
            HttpResponse<String> r = get("/api/dr/declarations/" + drId);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return json.readTree(r.body());
        }

        /** Waits until GET answers 200 and {@code condition} holds for the state. */
        JsonNode awaitState(String drId, Predicate<JsonNode> condition) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = get("/api/dr/declarations/" + drId);
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && condition.test(json.readTree(r.body()))) {
                    return json.readTree(r.body());
                }
                Thread.sleep(200);
            }
            throw new AssertionError("disaster " + drId + " never reached the expected state at " + baseUrl
                    + "; last answer: " + last);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        registryClient = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        LocalKeysetMasterKeys.createFile(work.resolve("keys/master-keys.json"));
        Files.createDirectories(work.resolve("primary"));
        events = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new AvroEventSerializer(registryClient));
        bytes = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        // the service creates the DR topics with its first declaration, phase and close, before anything else
        // writes to them (a raw producer would have the broker create them with its defaults)
        try (Service first = startService("dr-setup")) {
            String drId = first.declare("creates the DR topics");
            assertThat(first.post("/api/dr/declarations/" + drId + "/phases/declaration", "{}").statusCode())
                    .isEqualTo(200);
            assertThat(first.post("/api/dr/declarations/" + drId + "/close", "{}").statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        Teardown.closeAll(events, bytes, registry, broker);
    }

    @Test
    void aDisasterItsPhasesAndItsCloseSurviveRestarts() throws Exception {
        String drId;
        JsonNode phase;
        JsonNode before;
        try (Service service = startService("dr-restart")) {
            drId = service.declare("region outage drill");
            HttpResponse<String> completed = service.post("/api/dr/declarations/" + drId + "/phases/declaration",
                    "{\"done\":[\"Declare disaster\",\"Notify management\"],\"notes\":\"before the restart\"}");
            assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
            phase = json.readTree(completed.body());
            before = service.state(drId);
        }

        JsonNode closed;
        try (Service restarted = startService("dr-restart")) {
            JsonNode after = restarted.state(drId);
            assertThat(after).isEqualTo(before);
            JsonNode declaration = after.get("phases").get("declaration");
            assertThat(declaration.get("completedBy").asString()).isEqualTo("olivia");
            assertThat(declaration.get("notes").asString()).isEqualTo("before the restart");
            assertThat(declaration.get("withinTimeBox").asBoolean()).isEqualTo(phase.get("withinTimeBox").asBoolean())
                    .isTrue();
            assertThat(declaration.get("checklist")).isEqualTo(phase.get("checklist"));
            assertThat(after.get("declaration").get("reason").asString()).isEqualTo("region outage drill");
            assertThat(after.get("closed").isNull()).isTrue();

            HttpResponse<String> activation = restarted.post("/api/dr/declarations/" + drId + "/phases/activation",
                    "{\"done\":[\"Switch DNS/load balancer\"]}");
            assertThat(activation.statusCode()).as(activation.body()).isEqualTo(200);
            HttpResponse<String> again = restarted.post("/api/dr/declarations/" + drId + "/phases/declaration",
                    "{}");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json.readTree(again.body()).get("error").asString()).isEqualTo("ALREADY_DONE");
            assertThat(again.body()).contains("phase 'declaration' of disaster '" + drId + "' was completed already");

            HttpResponse<String> close = restarted.post("/api/dr/declarations/" + drId + "/close",
                    "{\"summary\":\"drill over\"}");
            assertThat(close.statusCode()).as(close.body()).isEqualTo(200);
            JsonNode closing = json.readTree(close.body());
            assertThat(closing.get("completed").toString()).isEqualTo("[\"declaration\",\"activation\"]");
            assertThat(closing.get("skipped").toString()).isEqualTo("[\"verification\"]");
            closed = restarted.state(drId);
            assertThat(closed.get("phases").propertyNames()).containsExactly("declaration", "activation");
        }

        try (Service again = startService("dr-restart")) {
            JsonNode state = again.state(drId);
            assertThat(state).isEqualTo(closed);
            assertThat(state.get("closed").get("summary").asString()).isEqualTo("drill over");
            assertThat(state.get("closed").get("withinActivationTime").asBoolean()).isFalse();
            assertThat(state.get("closed").get("skipped").toString()).isEqualTo("[\"verification\"]");
            HttpResponse<String> closeAgain = again.post("/api/dr/declarations/" + drId + "/close", "{}");
            assertThat(closeAgain.statusCode()).isEqualTo(409);
            assertThat(closeAgain.body()).contains("disaster '" + drId + "' is closed");
            assertThat(again.post("/api/dr/declarations/" + drId + "/phases/verification", "{}").statusCode())
                    .isEqualTo(409);
        }
    }

    @Test
    void whatOneInstanceRecordsTheOtherSeesAndRefusesToRepeat() throws Exception {
        try (Service one = startService("dr-one"); Service two = startService("dr-two")) {
            String drId = one.declare("declared on instance one");
            JsonNode seen = two.awaitState(drId, s -> true);
            assertThat(seen.get("declaration").get("reason").asString()).isEqualTo("declared on instance one");

            HttpResponse<String> phase = two.post("/api/dr/declarations/" + drId + "/phases/declaration", "{}");
            assertThat(phase.statusCode()).as(phase.body()).isEqualTo(200);
            one.awaitState(drId, s -> s.get("phases").has("declaration"));
            assertThat(one.post("/api/dr/declarations/" + drId + "/phases/declaration", "{}").statusCode())
                    .isEqualTo(409);

            assertThat(one.post("/api/dr/declarations/" + drId + "/close", "{}").statusCode()).isEqualTo(200);
            two.awaitState(drId, s -> !s.get("closed").isNull());
            assertThat(two.state(drId)).isEqualTo(one.state(drId));
            assertThat(two.post("/api/dr/declarations/" + drId + "/close", "{}").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void factsPublishedElsewhereAreAppliedOnceHoweverOftenTheyAreDelivered() throws Exception {
        String drId = "dr-elsewhere-" + UUID.randomUUID();
        Instant declaredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventHeaders headers = new EventHeaders("restore-service", "elsewhere", "POL-ISMS-008@1.0",
                Clock.systemUTC());
        DrDeclared declared = DrDeclared.newBuilder().setHeader(headers.next(drId)).setDrId(drId)
                .setTrigger(DrTrigger.HARDWARE_FAILURE).setDeclaredBy("audrey").setReason("storage array lost")
                .setDeclaredAt(declaredAt).build();
        DrPhaseCompleted phase = phaseCompleted(headers, drId, declaredAt, Duration.ofMinutes(12), "audrey");
        // a later completion of the same phase by yet another instance: the earlier one stands
        DrPhaseCompleted later = phaseCompleted(headers, drId, declaredAt, Duration.ofMinutes(14), "bob");

        try (Service service = startService("dr-follower")) {
            send(Topics.DR_PHASE_COMPLETED.name(), drId, phase); // before its declaration
            send(Topics.DR_DECLARED.name(), drId, declared);
            send(Topics.DR_DECLARED.name(), drId, declared); // redelivered: same event id
            send(Topics.DR_PHASE_COMPLETED.name(), drId, phase);
            send(Topics.DR_PHASE_COMPLETED.name(), drId, later);
            JsonNode live = service.awaitState(drId, s -> s.get("phases").has("declaration"));
            assertLoneCompletionByAudrey(live, declaredAt);
            assertThat(service.post("/api/dr/declarations/" + drId + "/phases/declaration", "{}").statusCode())
                    .isEqualTo(409);
        }
        try (Service restarted = startService("dr-follower")) {
            JsonNode replayed = restarted.state(drId);
            assertLoneCompletionByAudrey(replayed, declaredAt);
            assertThat(replayed.get("declaration").get("trigger").asString()).isEqualTo("HARDWARE_FAILURE");
        }
    }

    /**
     * Only restore-service records DR facts: a back-dated phase completion and a declaration whose headers name
     * another producer are logged by topic, partition and offset and skipped, so the earlier, forged completion does
     * not win over the genuine one.
     */
    @Test
    void drFactsPublishedByAnotherServiceAreLoggedAndSkipped(CapturedOutput output) throws Exception {
        String drId = "dr-genuine-" + UUID.randomUUID();
        String forgedId = "dr-forged-" + UUID.randomUUID();
        Instant declaredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EventHeaders genuine = new EventHeaders("restore-service", "elsewhere", "POL-ISMS-008@1.0", Clock.systemUTC());
        EventHeaders forger = new EventHeaders("backup-service", "intruder", "POL-ISMS-008@1.0", Clock.systemUTC());
        DrDeclared forgedDeclaration = DrDeclared.newBuilder().setHeader(forger.next(forgedId)).setDrId(forgedId)
                .setTrigger(DrTrigger.HARDWARE_FAILURE).setDeclaredBy("mallory").setReason("forged")
                .setDeclaredAt(declaredAt.minus(Duration.ofDays(1))).build();

        try (Service service = startService("dr-forgery")) {
            send(Topics.DR_DECLARED.name(), drId, declaration(drId, declaredAt));
            RecordMetadata forgedPhase = events.send(new ProducerRecord<>(Topics.DR_PHASE_COMPLETED.name(), drId,
                    phaseCompleted(forger, drId, declaredAt, Duration.ofMinutes(1), "mallory"))).get();
            RecordMetadata forgedDeclared = events.send(new ProducerRecord<>(Topics.DR_DECLARED.name(), forgedId,
                    forgedDeclaration)).get();
            send(Topics.DR_PHASE_COMPLETED.name(), drId,
                    phaseCompleted(genuine, drId, declaredAt, Duration.ofMinutes(12), "audrey"));
            // read once this later declaration on the forged one's topic is
            String after = "dr-after-forgery-" + UUID.randomUUID();
            send(Topics.DR_DECLARED.name(), after, declaration(after, declaredAt));
            service.awaitState(after, s -> true);

            JsonNode state = service.awaitState(drId, s -> s.get("phases").has("declaration"));
            assertThat(state.get("phases").get("declaration").get("completedBy").asString()).isEqualTo("audrey");
            assertThat(service.get("/api/dr/declarations/" + forgedId).statusCode()).isEqualTo(404);
            for (RecordMetadata m : List.of(forgedPhase, forgedDeclared)) {
                assertThat(output.getOut()).contains("skipped record " + m.topic() + "-" + m.partition() + "@"
                        + m.offset() + ": ");
            }
            assertThat(output.getOut()).contains("a DR fact not published by restore-service")
                    .doesNotContain("intruder");
        }
    }

    @Test
    void poisonRecordsOnTheDrTopicsAreLoggedAndSkippedAtReplayAndWhileFollowing(CapturedOutput output)
            throws Exception {
        int phaseSchema = registryClient.register(Topics.DR_PHASE_COMPLETED.valueSubject(),
                SpecificData.get().getSchema(DrPhaseCompleted.class));
        List<RecordMetadata> poison = new ArrayList<>();
        poison.add(sendBytes(Topics.DR_DECLARED.name(), "secret-looking payload, not Avro"
                .getBytes(StandardCharsets.UTF_8)));
        poison.add(sendBytes(Topics.DR_DECLARED.name(), ByteBuffer.allocate(9).put((byte) 0).putInt(987_654)
                .putInt(42).array()));
        poison.add(sendBytes(Topics.DR_PHASE_COMPLETED.name(), ByteBuffer.allocate(7).put((byte) 0)
                .putInt(phaseSchema).put((byte) 0x7f).put((byte) 0x01).array()));
        // valid Avro of a registered schema, but not a DR event
        AccessAudited audit = AccessAudited.newBuilder().setHeader(new EventHeaders("restore-service", "elsewhere",
                        "POL-ISMS-008@1.0", Clock.systemUTC()).next("x")).setOperator("olivia").setAction("GET /x")
                .setRequiredRole("DR_DECLARE").setDecision(AccessDecision.ALLOWED).setDetail("").build();
        poison.add(sendBytes(Topics.DR_CLOSED.name(), new AvroEventSerializer(registryClient)
                .serialize(Topics.ACCESS_AUDITED.name(), audit)));
        String afterPoison = "dr-after-poison-" + UUID.randomUUID();
        Instant declaredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(Topics.DR_DECLARED.name(), afterPoison, declaration(afterPoison, declaredAt));

        try (Service service = startService("dr-poison")) {
            assertThat(service.state(afterPoison).get("declaration").get("drId").asString()).isEqualTo(afterPoison);
            for (RecordMetadata m : poison) {
                assertThat(output.getOut()).contains("skipped record " + m.topic() + "-" + m.partition() + "@"
                        + m.offset() + ": ");
            }
            assertThat(output.getOut()).contains("schema id 987654 that cannot be resolved")
                    .contains("not valid Avro for that schema")
                    .contains("a io.lifeboat.events.restore.AccessAudited is not a DR event")
                    .doesNotContain("secret-looking payload");

            RecordMetadata live = sendBytes(Topics.DR_CLOSED.name(), new byte[] {1, 2, 3});
            String afterLivePoison = "dr-after-live-poison-" + UUID.randomUUID();
            send(Topics.DR_DECLARED.name(), afterLivePoison, declaration(afterLivePoison, declaredAt));
            service.awaitState(afterLivePoison, s -> true);
            assertThat(output.getOut()).contains("skipped record " + live.topic() + "-" + live.partition() + "@"
                    + live.offset() + ": ");
        }
    }

    @Test
    void whileTheSchemaRegistryDoesNotAnswerTheReplayWaitsAndDrEndpointsAnswer503() throws Exception {
        String drId = "dr-registry-outage-" + UUID.randomUUID();
        send(Topics.DR_DECLARED.name(), drId, declaration(drId, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        // a second registry on the same broker (same schema ids) that the service's consumers use; it is down
        SchemaRegistryServer consumersRegistry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        int port = consumersRegistry.url().getPort();
        consumersRegistry.close();

        try (Service service = startService("dr-outage",
                "--spring.cloud.stream.kafka.binder.consumer-properties.schema.registry.url=http://127.0.0.1:" + port,
                "--lifeboat.restore.dr.replay-wait=0s")) {
            HttpResponse<String> refused = service.get("/api/dr/declarations/" + drId);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(json.readTree(refused.body()).get("error").asString()).isEqualTo("DR_STATE_REPLAYING");
            assertThat(refused.body()).contains("disaster-recovery state is still being rebuilt from the DR topics");
            assertThat(service.post("/api/dr/declarations", "{\"trigger\":\"EXERCISE\",\"reason\":\"r\"}")
                    .statusCode()).isEqualTo(503);
            assertThat(service.post("/api/dr/declarations/" + drId + "/close", "{}").statusCode()).isEqualTo(503);
            awaitBody(service, "/api/dr/declarations/" + drId, "(waiting: schema registry: schema registry at"
                    + " 'http://127.0.0.1:" + port + "/' is unreachable");

            consumersRegistry = SchemaRegistryServer.start(broker.bootstrapServers(), port);
            try {
                JsonNode state = service.awaitState(drId, s -> true);
                assertThat(state.get("declaration").get("declaredBy").asString()).isEqualTo("audrey");
                assertThat(service.post("/api/dr/declarations/" + drId + "/close", "{}").statusCode())
                        .isEqualTo(200);
            } finally {
                consumersRegistry.close();
            }
        }
    }

    @Test
    void theServiceCreatesTheDrTopicsWithoutATimeLimit() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            List<ConfigResource> topics = List.of(Topics.DR_DECLARED.name(), Topics.DR_PHASE_COMPLETED.name(),
                    Topics.DR_CLOSED.name()).stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics).all().get();
            for (ConfigResource topic : topics) {
                assertThat(configs.get(topic).get("retention.ms").value()).as(topic.name()).isEqualTo("-1");
            }
        }
    }

    @Test
    void aDrTopicThatExistsWithATimeLimitIsMadeUnlimitedAtStartUp() throws Exception {
        ConfigResource closed = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DR_CLOSED.name());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            try (Service first = startService("dr-retention-creator")) {
                // the topic exists once something was published on it
                String drId = first.declare("retention drill");
                assertThat(first.post("/api/dr/declarations/" + drId + "/close", "{\"notes\":\"drill over\"}")
                        .statusCode()).isEqualTo(200);
            }
            // as a broker creates a topic for a consumer that subscribed first: a week, then gone
            admin.incrementalAlterConfigs(Map.of(closed, List.of(new AlterConfigOp(new ConfigEntry(
                    "retention.ms", "604800000"), AlterConfigOp.OpType.SET)))).all().get();
            assertThat(admin.describeConfigs(List.of(closed)).all().get().get(closed).get("retention.ms").value())
                    .isEqualTo("604800000");

            try (Service ignored = startService("dr-retention-restart")) {
                assertThat(admin.describeConfigs(List.of(closed)).all().get().get(closed).get("retention.ms")
                        .value()).isEqualTo("-1");
            }
        }
    }

    private static void assertLoneCompletionByAudrey(JsonNode state, Instant declaredAt) {
        assertThat(state.get("declaration").get("declaredBy").asString()).isEqualTo("audrey");
        assertThat(state.get("declaration").get("declaredAt").asString()).isEqualTo(declaredAt.toString());
        assertThat(state.get("phases").propertyNames()).containsExactly("declaration");
        JsonNode completion = state.get("phases").get("declaration");
        assertThat(completion.get("completedBy").asString()).isEqualTo("audrey");
        assertThat(completion.get("completedAt").asString())
                .isEqualTo(declaredAt.plus(Duration.ofMinutes(12)).toString());
        assertThat(completion.get("elapsed").asString()).isEqualTo("PT12M");
        assertThat(completion.get("deadline").asString()).isEqualTo("PT30M");
        assertThat(completion.get("withinTimeBox").asBoolean()).isTrue();
        assertThat(completion.get("checklist").toString()).isEqualTo("{\"Confirm primary site failure\":true,"
                + "\"Declare disaster\":true,\"Notify management\":false,\"Activate DR team\":false}");
    }

    private static DrDeclared declaration(String drId, Instant at) {
        return DrDeclared.newBuilder()
                .setHeader(new EventHeaders("restore-service", "elsewhere", "POL-ISMS-008@1.0", Clock.systemUTC())
                        .next(drId))
                .setDrId(drId).setTrigger(DrTrigger.EXERCISE).setDeclaredBy("audrey").setReason("drill")
                .setDeclaredAt(at).build();
    }

    private static DrPhaseCompleted phaseCompleted(EventHeaders headers, String drId, Instant declaredAt,
                                                   Duration elapsed, String by) {
        return DrPhaseCompleted.newBuilder().setHeader(headers.next(drId)).setDrId(drId).setPhase("declaration")
                .setPhaseIndex(1)
                .setChecklist(List.of(new ChecklistItem("Confirm primary site failure", true),
                        new ChecklistItem("Declare disaster", true), new ChecklistItem("Notify management", false),
                        new ChecklistItem("Activate DR team", false)))
                .setCompletedBy(by).setCompletedAt(declaredAt.plus(elapsed)).setElapsedMillis(elapsed.toMillis())
                .setDeadlineMillis(Duration.ofMinutes(30).toMillis()).setWithinTimeBox(true).setNotes("")
                .build();
    }

    private static void send(String topic, String key, SpecificRecord event) throws Exception {
        events.send(new ProducerRecord<>(topic, key, event)).get();
    }

    private static RecordMetadata sendBytes(String topic, byte[] value) throws Exception {
        return bytes.send(new ProducerRecord<>(topic, "poison", value)).get();
    }

    private static void awaitBody(Service service, String path, String expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = service.get(path).body();
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + path + "' never answered with '" + expected + "'; last: " + last);
    }

    static Service startService(String instance, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--lifeboat.service.instance=" + instance,
                "--lifeboat.policy.file=../config/policy.yml",
                "--lifeboat.keys.keyset-file=" + work.resolve("keys/master-keys.json"),
                "--lifeboat.restore.scratch-dir=" + work.resolve("scratch-" + instance),
                "--lifeboat.restore.restore-test.scheduled=false",
                "--lifeboat.restore.restore-test.reports=" + work.resolve("reports").toUri(),
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "--lifeboat.schema-registry.url=" + registry.url(),
                "--lifeboat.restore.locations[0].name=primary",
                "--lifeboat.restore.locations[0].tier=PRIMARY",
                "--lifeboat.restore.locations[0].url=" + work.resolve("primary").toUri(),
                "--lifeboat.restore.operators[0].name=olivia",
                "--lifeboat.restore.operators[0].token-sha256=" + sha256(TOKEN),
                "--lifeboat.restore.operators[0].roles=DR_DECLARE",
                "--lifeboat.restore.dr.topic-check-every=500ms"));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context = RestoreServiceApplication.builder().run(args.toArray(String[]::new));
        return new Service(context, "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
