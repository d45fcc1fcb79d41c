package io.lifeboat.infra.registry;

import static io.lifeboat.infra.registry.TestSchemas.ID;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.ID_NAME_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.body;
import static io.lifeboat.infra.registry.TestSchemas.canonical;
import static io.lifeboat.infra.registry.TestSchemas.quoted;
import static io.lifeboat.infra.registry.TestSchemas.userWithOptional;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.infra.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State lives in Kafka only: a new instance on the same broker sees everything, and two instances at once agree on
 * every id and version. One broker for the class; every test uses subjects of its own.
 */
class SchemaRegistryDurabilityIT {

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void storesStateInOneCompactedPartitionOfSchemas() throws Exception {
        try (SchemaRegistryServer ignored = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicDescription topic = admin.describeTopics(List.of("_schemas")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("_schemas");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
            String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value();

            assertThat(topic.partitions()).hasSize(1);
            assertThat(topic.partitions().get(0).replicas()).hasSize(1);
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void aNewInstanceOnTheSameBrokerSeesSubjectsVersionsIdsAndConfig() {
        List<String> reads = List.of(
                "/subjects", "/subjects?deleted=true",
                "/subjects/restart-a-value/versions", "/subjects/restart-a-value/versions/1",
                "/subjects/restart-a-value/versions/2", "/subjects/restart-a-value/versions/latest",
                "/subjects/restart-b-value/versions/1", "/subjects/restart-gone-value/versions?deleted=true",
                "/config", "/config/restart-a-value");
        Map<String, String> before = new LinkedHashMap<>();
        int firstId;
        int secondId;
        try (SchemaRegistryServer first = SchemaRegistryServer.start(broker.bootstrapServers(), 0)) {
            RegistryHttp http = new RegistryHttp(first.url());
            firstId = http.post("/subjects/restart-a-value/versions", body(ID)).json().path("id").asInt();
            secondId = http.post("/subjects/restart-a-value/versions", body(ID_EMAIL_DEFAULT)).json().path("id").asInt();
            http.post("/subjects/restart-b-value/versions", body(ID)).is(200, "{\"id\":" + firstId + "}");
            http.post("/subjects/restart-gone-value/versions", body(ID_NAME_DEFAULT));
            http.delete("/subjects/restart-gone-value").is(200, "[1]");
            http.put("/config/restart-a-value", "{\"compatibility\": \"FULL\"}");
            http.put("/config", "{\"compatibility\": \"FORWARD\"}");
            for (String read : reads) {
                before.put(read, http.get(read).body());
            }
        }

        try (SchemaRegistryServer second = SchemaRegistryServer.start(broker.bootstrapServers(), 0)) {
            RegistryHttp http = new RegistryHttp(second.url());
            try {
                for (String read : reads) {
                    http.get(read).as("after restart").is(200, before.get(read));
                }
                http.get("/subjects/restart-a-value/versions/2").is(200, "{\"subject\":\"restart-a-value\",\"version\":2,"
                        + "\"id\":" + secondId + ",\"schema\":" + quoted(canonical(ID_EMAIL_DEFAULT)) + "}");
                http.get("/config/restart-a-value").is(200, "{\"compatibilityLevel\":\"FULL\"}");
                http.get("/config").is(200, "{\"compatibilityLevel\":\"FORWARD\"}");
                http.get("/subjects/restart-gone-value/versions").isError(404, 40401,
                        "Subject 'restart-gone-value' not found.");
                http.get("/schemas/ids/" + firstId).is(200, "{\"schema\":" + quoted(canonical(ID)) + "}");

                // numbering and ids carry on where the first instance stopped
                http.post("/subjects/restart-gone-value/versions", body(ID_NAME_DEFAULT));
                http.get("/subjects/restart-gone-value/versions").is(200, "[2]");
                int third = http.post("/subjects/restart-a-value/versions", body(userWithOptional("restart")))
                        .json().path("id").asInt();
                assertThat(third).isGreaterThan(Math.max(firstId, secondId));
                http.get("/subjects/restart-a-value/versions").is(200, "[1,2,3]");
            } finally {
                http.put("/config", "{\"compatibility\": \"BACKWARD\"}").is(200, "{\"compatibility\":\"BACKWARD\"}");
            }
        }
    }

    @Test
    void twoInstancesRegisteringConcurrentlyAgreeOnEveryIdAndVersion() throws Exception {
        List<String> subjects = List.of("race-1-value", "race-2-value", "race-3-value");
        List<String> schemas = List.of(userWithOptional("a"), userWithOptional("b"), userWithOptional("c"),
                userWithOptional("d"), userWithOptional("a", "b"));
        CompletableFuture<SchemaRegistryServer> startA = CompletableFuture.supplyAsync(
                () -> SchemaRegistryServer.start(broker.bootstrapServers(), 0));
        CompletableFuture<SchemaRegistryServer> startB = CompletableFuture.supplyAsync(
                () -> SchemaRegistryServer.start(broker.bootstrapServers(), 0));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (SchemaRegistryServer a = startA.get(120, TimeUnit.SECONDS);
                SchemaRegistryServer b = startB.get(120, TimeUnit.SECONDS)) {
            List<RegistryHttp> instances = List.of(new RegistryHttp(a.url()), new RegistryHttp(b.url()));

            // every thread registers every schema under every subject, in its own order, half on each instance
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Registration>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random random = new Random(t);
                List<String[]> work = new ArrayList<>();
                for (String subject : subjects) {
                    for (String schema : schemas) {
                        work.add(new String[] {subject, schema});
                    }
                }
                Collections.shuffle(work, random);
                results.add(pool.submit(() -> {
                    go.await();
                    List<Registration> done = new ArrayList<>();
                    for (String[] item : work) {
                        int instance = random.nextInt(2);
                        RegistryHttp.Response response = instances.get(instance)
                                .post("/subjects/" + item[0] + "/versions", body(item[1]));
                        done.add(new Registration(instance, item[0], item[1], response.status(), response.body()));
                    }
                    return done;
                }));
            }
            go.countDown();
            List<Registration> all = new ArrayList<>();
            for (Future<List<Registration>> result : results) {
                all.addAll(result.get(180, TimeUnit.SECONDS));
            }

            assertThat(all).hasSize(threads * subjects.size() * schemas.size());
            assertThat(all).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(200));
            assertThat(all.stream().map(Registration::instance).distinct()).containsExactlyInAnyOrder(0, 1);
            // one id per schema, whichever instance, subject or thread asked; different schemas, different ids
            Map<String, Set<Integer>> idsBySchema = all.stream().collect(Collectors.groupingBy(Registration::schema,
                    Collectors.mapping(Registration::id, Collectors.toSet())));
            assertThat(idsBySchema).hasSize(schemas.size());
            assertThat(idsBySchema.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            Map<String, Integer> idOf = new HashMap<>();
            idsBySchema.forEach((schema, ids) -> idOf.put(schema, ids.iterator().next()));
            assertThat(Set.copyOf(idOf.values())).hasSize(schemas.size());

            // both instances show the same subjects, versions and schemas
            for (String subject : subjects) {
                String versions = instances.get(0).get("/subjects/" + subject + "/versions").body();
                instances.get(1).get("/subjects/" + subject + "/versions").is(200, versions);
                assertThat(versions).as("each schema once per subject").isEqualTo("[1,2,3,4,5]");
                Set<String> schemasInSubject = new java.util.HashSet<>();
                for (int version = 1; version <= schemas.size(); version++) {
                    RegistryHttp.Response fromA = instances.get(0).get("/subjects/" + subject + "/versions/" + version);
                    instances.get(1).get("/subjects/" + subject + "/versions/" + version).is(200, fromA.body());
                    String schema = fromA.json().path("schema").asString();
                    schemasInSubject.add(schema);
                    assertThat(fromA.json().path("id").asInt()).isEqualTo(idOfCanonical(idOf, schema));
                }
                assertThat(schemasInSubject).hasSize(schemas.size());
            }
            for (String schema : schemas) {
                String expected = "{\"schema\":" + quoted(canonical(schema)) + "}";
                for (RegistryHttp instance : instances) {
                    instance.get("/schemas/ids/" + idOf.get(schema)).is(200, expected);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int idOfCanonical(Map<String, Integer> idOf, String canonicalSchema) {
        return idOf.entrySet().stream().filter(e -> canonical(e.getKey()).equals(canonicalSchema))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
    }

    /** One registration answer from one instance. */
    record Registration(int instance, String subject, String schema, int status, String body) {
        int id() {
            return new RegistryHttp.Response(status, null, body, "").json().path("id").asInt();
        }
    }
}
