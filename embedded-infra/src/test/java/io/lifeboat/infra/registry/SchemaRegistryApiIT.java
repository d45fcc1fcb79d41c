package io.lifeboat.infra.registry;

import static io.lifeboat.infra.registry.TestSchemas.ID;
import static io.lifeboat.infra.registry.TestSchemas.ID_AS_STRING;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL;
import static io.lifeboat.infra.registry.TestSchemas.ID_EMAIL_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.ID_NAME;
import static io.lifeboat.infra.registry.TestSchemas.ID_NAME_DEFAULT;
import static io.lifeboat.infra.registry.TestSchemas.body;
import static io.lifeboat.infra.registry.TestSchemas.canonical;
import static io.lifeboat.infra.registry.TestSchemas.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.infra.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint and error code over raw HTTP, against a registry on a real broker. Tests share the broker and the
 * registry, so each one uses subjects of its own; the one test that changes the global level puts it back.
 */
class SchemaRegistryApiIT {

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static SchemaRegistryServer server;
    static RegistryHttp http;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        server = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        http = new RegistryHttp(server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void urlIsTheLoopbackAddressWithTheChosenPort() {
        assertThat(server.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(server.url().getPort()).isPositive();
    }

    @Test
    void registersOnceAndGivesTheSameIdToTheSameSchemaUnderAnySubject() {
        // the body exactly as Confluent's API reference writes it
        int id = http.post("/subjects/reg-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}")
                .json().path("id").asInt();
        assertThat(id).isPositive();

        http.post("/subjects/reg-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}")
                .is(200, "{\"id\":" + id + "}");
        http.post("/subjects/reg-value/versions", "{\"schema\":\"{ \\\"type\\\" :\\\"string\\\" }\",\"schemaType\":\"AVRO\"}")
                .as("same schema, other whitespace").is(200, "{\"id\":" + id + "}");
        http.post("/subjects/reg-other-value/versions", "{\"schema\": \"\\\"string\\\"\"}")
                .is(200, "{\"id\":" + id + "}");
        RegistryHttp.Response second = http.post("/subjects/reg-value/versions", body("\"bytes\""));
        assertThat(second.status()).isEqualTo(200);
        int other = second.json().path("id").asInt();
        assertThat(other).isPositive().isNotEqualTo(id);

        http.get("/subjects/reg-value/versions").is(200, "[1,2]");
        http.get("/subjects/reg-other-value/versions").is(200, "[1]");
        http.get("/subjects/reg-value/versions/1")
                .is(200, "{\"subject\":\"reg-value\",\"version\":1,\"id\":" + id + ",\"schema\":\"\\\"string\\\"\"}");
        http.get("/subjects/reg-value/versions/latest")
                .is(200, "{\"subject\":\"reg-value\",\"version\":2,\"id\":" + other + ",\"schema\":\"\\\"bytes\\\"\"}");
        http.get("/subjects/reg-value/versions/-1")
                .is(200, "{\"subject\":\"reg-value\",\"version\":2,\"id\":" + other + ",\"schema\":\"\\\"bytes\\\"\"}");
        http.get("/schemas/ids/" + id).is(200, "{\"schema\":\"\\\"string\\\"\"}");
        assertThat(http.get("/subjects").json().valueStream().map(n -> n.asString()).toList())
                .contains("reg-value", "reg-other-value").isSorted();
    }

    @Test
    void returnsRecordSchemasInCanonicalForm() {
        int id = http.post("/subjects/canon-value/versions", body(ID)).json().path("id").asInt();

        http.get("/schemas/ids/" + id).is(200, "{\"schema\":" + quoted(canonical(ID)) + "}");
        http.get("/subjects/canon-value/versions/1").is(200, "{\"subject\":\"canon-value\",\"version\":1,\"id\":" + id
                + ",\"schema\":" + quoted(canonical(ID)) + "}");
    }

    @Test
    void subjectNamesMayCarryEncodedCharacters() {
        int id = http.post("/subjects/odd%2Fname%20value/versions", body(ID)).json().path("id").asInt();

        http.get("/subjects/odd%2Fname%20value/versions/1").is(200, "{\"subject\":\"odd/name value\",\"version\":1,"
                + "\"id\":" + id + ",\"schema\":" + quoted(canonical(ID)) + "}");
    }

    @Test
    void looksUpWhetherASchemaIsRegisteredUnderASubject() {
        int first = http.post("/subjects/lookup-value/versions", body(ID)).json().path("id").asInt();
        int second = http.post("/subjects/lookup-value/versions", body(ID_EMAIL_DEFAULT)).json().path("id").asInt();

        http.post("/subjects/lookup-value", body(ID)).is(200, "{\"subject\":\"lookup-value\",\"version\":1,\"id\":"
                + first + ",\"schema\":" + quoted(canonical(ID)) + "}");
        http.post("/subjects/lookup-value", body(ID_EMAIL_DEFAULT)).is(200, "{\"subject\":\"lookup-value\","
                + "\"version\":2,\"id\":" + second + ",\"schema\":" + quoted(canonical(ID_EMAIL_DEFAULT)) + "}");
        http.post("/subjects/lookup-value", body(ID_NAME)).isError(404, 40403, "Schema not found");
        http.post("/subjects/lookup-nobody-value", body(ID)).isError(404, 40401, "Subject 'lookup-nobody-value' not found.");
        assertThat(http.post("/subjects/lookup-value", body("{\"type\":\"record\"}")).errorMessage(422, 42201))
                .startsWith("Invalid schema ");
    }

    @Test
    void answersNotFoundWithConfluentsErrorCodes() {
        http.post("/subjects/nf-value/versions", body(ID));

        http.get("/subjects/nf-nobody-value/versions").isError(404, 40401, "Subject 'nf-nobody-value' not found.");
        http.get("/subjects/nf-nobody-value/versions/1").isError(404, 40401, "Subject 'nf-nobody-value' not found.");
        http.get("/subjects/nf-nobody-value/versions/latest")
                .isError(404, 40401, "Subject 'nf-nobody-value' not found.");
        http.get("/subjects/nf-value/versions/2").isError(404, 40402, "Version 2 not found.");
        http.get("/schemas/ids/987654").isError(404, 40403, "Schema 987654 not found");
        http.get("/schemas/ids/abc").isError(404, 40403, "Schema abc not found");
        http.get("/subjectz").isError(404, 404, "HTTP 404 Not Found");
        http.get("/subjects/nf-value/versions/1/schema/extra").isError(404, 404, "HTTP 404 Not Found");
        http.put("/subjects/nf-value/versions", body(ID)).isError(405, 405, "HTTP 405 Method Not Allowed");
    }

    @Test
    void refusesInvalidVersionsSchemasAndBodies() {
        http.post("/subjects/inv-value/versions", body(ID));
        String invalidVersion = "The specified version '%s' is not a valid version id. Allowed values are between"
                + " [1, 2^31-1] and the string \"latest\"";

        for (String version : List.of("abc", "0", "-2", "2147483648")) {
            http.get("/subjects/inv-value/versions/" + version).isError(422, 42202, invalidVersion.formatted(version));
        }
        assertThat(http.post("/subjects/inv-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"nope\\\"}\"}")
                .errorMessage(422, 42201)).startsWith("Invalid schema {\"type\": \"nope\"}: ");
        http.post("/subjects/inv-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"object\\\"}\",\"schemaType\":\"JSON\"}")
                .isError(422, 42201, "Invalid schema type JSON; this registry stores AVRO schemas only");
        http.post("/subjects/inv-value/versions", "{}").isError(422, 42201, "Empty schema");
        http.post("/subjects/inv-value/versions", "{\"schema\":\"\\\"string\\\"\",\"references\":[{\"name\":\"x\","
                + "\"subject\":\"y\",\"version\":1}]}")
                .isError(422, 42201, "Schema references are not supported by this registry");
        assertThat(http.post("/subjects/inv-value/versions", "{\"schema\": ").errorMessage(422, 422))
                .startsWith("Unrecognized request body: ");
        http.post("/subjects/inv-value/versions", "{\"schema\": 42}")
                .isError(422, 422, "Unrecognized field value: 'schema' must be a string");
        http.get("/subjects/inv-value/versions").as("nothing was registered by the refused requests").is(200, "[1]");
    }

    @Test
    void acceptsTheRequestContentTypesConfluentClientsSend() {
        for (String type : List.of("application/vnd.schemaregistry.v1+json", "application/json",
                "application/octet-stream")) {
            assertThat(http.send("POST", "/subjects/ct-value/versions", body(ID), type).status()).isEqualTo(200);
        }
        http.send("POST", "/subjects/ct-value/versions", body(ID), "text/plain")
                .isError(415, 415, "HTTP 415 Unsupported Media Type");
    }

    @Test
    void readsAndWritesTheGlobalCompatibilityLevel() {
        http.get("/config").is(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        try {
            http.put("/config", "{\"compatibility\": \"FULL\"}").is(200, "{\"compatibility\":\"FULL\"}");
            http.get("/config").is(200, "{\"compatibilityLevel\":\"FULL\"}");
            http.get("/config/global-unset-value?defaultToGlobal=true").is(200, "{\"compatibilityLevel\":\"FULL\"}");
            http.put("/config", "{\"compatibility\": \"forward_transitive\"}")
                    .is(200, "{\"compatibility\":\"FORWARD_TRANSITIVE\"}");
            http.get("/config").is(200, "{\"compatibilityLevel\":\"FORWARD_TRANSITIVE\"}");
        } finally {
            http.put("/config", "{\"compatibility\": \"BACKWARD\"}").is(200, "{\"compatibility\":\"BACKWARD\"}");
        }
        String invalid = "Invalid compatibility level. Valid values are none, backward, forward, full,"
                + " backward_transitive, forward_transitive, and full_transitive";
        http.put("/config", "{\"compatibility\": \"SOMETIMES\"}").isError(422, 42203, invalid);
        http.put("/config", "{}").isError(422, 42203, invalid);
        http.put("/config/cfg-value", "{\"compatibility\": 3}").isError(422, 42203, invalid);
        http.get("/config").is(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void readsAndWritesSubjectCompatibilityLevels() {
        http.get("/config/cfg-value").isError(404, 40408,
                "Subject 'cfg-value' does not have subject-level compatibility configured");
        http.get("/config/cfg-value?defaultToGlobal=true").is(200, "{\"compatibilityLevel\":\"BACKWARD\"}");

        http.put("/config/cfg-value", "{\"compatibility\": \"NONE\"}").is(200, "{\"compatibility\":\"NONE\"}");

        http.get("/config/cfg-value").is(200, "{\"compatibilityLevel\":\"NONE\"}");
        http.get("/config/cfg-value?defaultToGlobal=true").is(200, "{\"compatibilityLevel\":\"NONE\"}");
        http.get("/config").is(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        // NONE lets an incompatible schema in
        http.post("/subjects/cfg-value/versions", body(ID));
        assertThat(http.post("/subjects/cfg-value/versions", body(ID_AS_STRING)).status()).isEqualTo(200);
    }

    /** level, history, candidate, compatible? */
    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("NONE", List.of(ID), ID_AS_STRING, true),
                Arguments.of("BACKWARD", List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of("BACKWARD", List.of(ID), ID_EMAIL, false),
                Arguments.of("BACKWARD", List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, true),
                Arguments.of("BACKWARD_TRANSITIVE", List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of("BACKWARD_TRANSITIVE", List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, false),
                Arguments.of("FORWARD", List.of(ID), ID_EMAIL, true),
                Arguments.of("FORWARD", List.of(ID_NAME), ID, false),
                Arguments.of("FORWARD", List.of(ID_NAME, ID_NAME_DEFAULT), ID, true),
                Arguments.of("FORWARD_TRANSITIVE", List.of(ID), ID_EMAIL, true),
                Arguments.of("FORWARD_TRANSITIVE", List.of(ID_NAME, ID_NAME_DEFAULT), ID, false),
                Arguments.of("FULL", List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of("FULL", List.of(ID), ID_EMAIL, false),
                Arguments.of("FULL", List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, true),
                Arguments.of("FULL_TRANSITIVE", List.of(ID), ID_EMAIL_DEFAULT, true),
                Arguments.of("FULL_TRANSITIVE", List.of(ID, ID_EMAIL_DEFAULT), ID_EMAIL, false));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} then {2} -> compatible={3}")
    @MethodSource("levels")
    void enforcesEveryCompatibilityLevelOnRegistration(String level, List<String> history, String candidate,
            boolean compatible) {
        String subject = "level-" + level.toLowerCase() + "-" + Integer.toHexString((history + candidate).hashCode());
        http.put("/config/" + subject, "{\"compatibility\": \"" + level + "\"}")
                .is(200, "{\"compatibility\":\"" + level + "\"}");
        for (String schema : history) {
            assertThat(http.post("/subjects/" + subject + "/versions", body(schema)).status()).isEqualTo(200);
        }

        http.post("/compatibility/subjects/" + subject + "/versions/latest", body(candidate))
                .is(200, "{\"is_compatible\":" + (compatible || level.endsWith("_TRANSITIVE")) + "}");
        http.post("/compatibility/subjects/" + subject + "/versions", body(candidate))
                .is(200, "{\"is_compatible\":" + compatible + "}");
        RegistryHttp.Response registration = http.post("/subjects/" + subject + "/versions", body(candidate));

        if (compatible) {
            assertThat(registration.status()).isEqualTo(200);
            http.get("/subjects/" + subject + "/versions/latest").is(200, "{\"subject\":\"" + subject + "\",\"version\":"
                    + (history.size() + 1) + ",\"id\":" + registration.json().path("id").asInt() + ",\"schema\":"
                    + quoted(canonical(candidate)) + "}");
        } else {
            assertThat(registration.errorMessage(409, 409)).startsWith("Schema being registered is incompatible with"
                    + " an earlier schema for subject \"" + subject + "\", details: [{errorType:'")
                    .endsWith(", {compatibility: '" + level + "'}]");
            http.get("/subjects/" + subject + "/versions").is(200, history.size() == 1 ? "[1]" : "[1,2]");
        }
    }

    @Test
    void transitiveLevelsRefuseWhatTheLatestVersionAlonePasses() {
        for (String level : List.of("BACKWARD", "BACKWARD_TRANSITIVE")) {
            String subject = "trans-" + level.toLowerCase() + "-value";
            http.put("/config/" + subject, "{\"compatibility\": \"" + level + "\"}");
            http.post("/subjects/" + subject + "/versions", body(ID));
            http.post("/subjects/" + subject + "/versions", body(ID_EMAIL_DEFAULT));
        }

        assertThat(http.post("/subjects/trans-backward-value/versions", body(ID_EMAIL)).status()).isEqualTo(200);
        assertThat(http.post("/subjects/trans-backward_transitive-value/versions", body(ID_EMAIL))
                .errorMessage(409, 409)).contains("{oldSchemaVersion: 1}").doesNotContain("{oldSchemaVersion: 2}");
    }

    @Test
    void testsCompatibilityAgainstOneVersion() {
        String subject = "compat-value";
        http.post("/subjects/" + subject + "/versions", body(ID));
        http.post("/subjects/" + subject + "/versions", body(ID_EMAIL_DEFAULT));

        http.post("/compatibility/subjects/" + subject + "/versions/latest", body(ID_EMAIL))
                .is(200, "{\"is_compatible\":true}");
        http.post("/compatibility/subjects/" + subject + "/versions/1", body(ID_EMAIL))
                .is(200, "{\"is_compatible\":false}");
        http.post("/compatibility/subjects/" + subject + "/versions/2", body(ID_AS_STRING))
                .is(200, "{\"is_compatible\":false}");
        http.post("/compatibility/subjects/" + subject + "/versions/2?verbose=true", body(ID_EMAIL))
                .is(200, "{\"is_compatible\":true}");

        var verbose = http.post("/compatibility/subjects/" + subject + "/versions/1?verbose=true", body(ID_EMAIL)).json();
        assertThat(verbose.path("is_compatible").asBoolean()).isFalse();
        assertThat(verbose.path("messages").valueStream().map(n -> n.asString()).toList())
                .hasSize(4)
                .anySatisfy(m -> assertThat(m).startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'"))
                .contains("{oldSchemaVersion: 1}", "{oldSchema: '" + canonical(ID) + "'}", "{compatibility: 'BACKWARD'}");

        http.post("/compatibility/subjects/compat-nobody-value/versions/latest", body(ID))
                .isError(404, 40401, "Subject 'compat-nobody-value' not found.");
        http.post("/compatibility/subjects/compat-nobody-value/versions/1", body(ID))
                .isError(404, 40401, "Subject 'compat-nobody-value' not found.");
        http.post("/compatibility/subjects/compat-nobody-value/versions", body(ID))
                .as("a subject without versions accepts anything").is(200, "{\"is_compatible\":true}");
        http.post("/compatibility/subjects/" + subject + "/versions/3", body(ID))
                .isError(404, 40402, "Version 3 not found.");
        http.post("/compatibility/subjects/" + subject + "/versions/first", body(ID)).isError(422, 42202,
                "The specified version 'first' is not a valid version id. Allowed values are between [1, 2^31-1] and"
                        + " the string \"latest\"");
        assertThat(http.post("/compatibility/subjects/" + subject + "/versions/latest", body("{\"type\":\"nope\"}"))
                .errorMessage(422, 42201)).startsWith("Invalid schema ");
        http.get("/subjects/" + subject + "/versions").as("tests register nothing").is(200, "[1,2]");
    }

    @Test
    void softDeletesASubjectAndKeepsNumberingAndIds() {
        String subject = "del-value";
        int first = http.post("/subjects/" + subject + "/versions", body(ID)).json().path("id").asInt();
        int second = http.post("/subjects/" + subject + "/versions", body(ID_EMAIL_DEFAULT)).json().path("id").asInt();

        http.delete("/subjects/" + subject).is(200, "[1,2]");

        assertThat(http.get("/subjects").json().valueStream().map(n -> n.asString()).toList()).doesNotContain(subject);
        assertThat(http.get("/subjects?deleted=true").json().valueStream().map(n -> n.asString()).toList())
                .contains(subject);
        http.get("/subjects/" + subject + "/versions").isError(404, 40401, "Subject 'del-value' not found.");
        http.get("/subjects/" + subject + "/versions?deleted=true").is(200, "[1,2]");
        http.get("/subjects/" + subject + "/versions/1").isError(404, 40401, "Subject 'del-value' not found.");
        http.post("/subjects/" + subject, body(ID)).isError(404, 40401, "Subject 'del-value' not found.");
        http.delete("/subjects/" + subject).isError(404, 40401, "Subject 'del-value' not found.");
        http.delete("/subjects/del-nobody-value").isError(404, 40401, "Subject 'del-nobody-value' not found.");
        http.get("/schemas/ids/" + first).as("ids outlive deletes").is(200, "{\"schema\":" + quoted(canonical(ID)) + "}");

        http.post("/subjects/" + subject + "/versions", body(ID_EMAIL_DEFAULT)).is(200, "{\"id\":" + second + "}");
        http.get("/subjects/" + subject + "/versions").is(200, "[3]");
        http.get("/subjects/" + subject + "/versions/3").is(200, "{\"subject\":\"del-value\",\"version\":3,\"id\":"
                + second + ",\"schema\":" + quoted(canonical(ID_EMAIL_DEFAULT)) + "}");
        http.get("/subjects/" + subject + "/versions/1").isError(404, 40402, "Version 1 not found.");
        http.get("/subjects/" + subject + "/versions/1?deleted=true").is(200, "{\"subject\":\"del-value\",\"version\":1,"
                + "\"id\":" + first + ",\"schema\":" + quoted(canonical(ID)) + "}");
    }
}
