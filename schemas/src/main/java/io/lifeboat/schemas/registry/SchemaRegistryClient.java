package io.lifeboat.schemas.registry;

import io.lifeboat.schemas.registry.SchemaRegistryException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Talks to a Confluent-compatible schema registry over its REST API. Registered ids and fetched schemas are
 * cached for the life of the client: a schema id never changes meaning.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(URI baseUrl, Duration timeout) {
        this.baseUrl = URI.create(Objects.requireNonNull(baseUrl, "baseUrl").toString().replaceAll("/+$", "") + "/");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    public int register(String subject, Schema schema) {
        String canonical = schema.toString();
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\n' + canonical, k -> {
            ObjectNode body = json.createObjectNode();
            body.put("schema", canonical);
            JsonNode answer = call("POST", "subjects/" + encode(subject) + "/versions", body.toString(),
                    "register schema under subject '" + subject + "'");
            int id = answer.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException(Reason.REJECTED,
                        "schema registry at '" + baseUrl + "' answered without an id for subject '" + subject + "'", null);
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    /** The schema with global id {@code id}. */
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, k -> {
            JsonNode answer = call("GET", "schemas/ids/" + id, null, "fetch schema id " + id);
            String text = answer.path("schema").asString(null);
            if (text == null) {
                throw new SchemaRegistryException(Reason.REJECTED,
                        "schema registry at '" + baseUrl + "' answered without a schema for id " + id, null);
            }
            try {
                return new Schema.Parser().parse(text);
            } catch (RuntimeException e) {
                throw new SchemaRegistryException(Reason.INVALID_SCHEMA,
                        "schema id " + id + " from '" + baseUrl + "' is not a valid Avro schema: " + e.getMessage(), e);
            }
        });
    }

    private JsonNode call(String method, String path, String body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException(Reason.UNREACHABLE, "schema registry at '" + baseUrl
                    + "' is unreachable (" + describe(e) + "); could not " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(Reason.UNREACHABLE,
                    "interrupted while waiting for schema registry at '" + baseUrl + "' to " + what, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                return json.readTree(response.body());
            } catch (JacksonException e) {
                throw new SchemaRegistryException(Reason.REJECTED, "schema registry at '" + baseUrl
                        + "' answered with a body that is not JSON; could not " + what, e);
            }
        }
        String message = errorMessage(response.body());
        Reason reason = switch (status) {
            case 409 -> Reason.INCOMPATIBLE;
            case 422 -> Reason.INVALID_SCHEMA;
            case 404 -> Reason.NOT_FOUND;
            default -> status >= 500 ? Reason.UNREACHABLE : Reason.REJECTED;
        };
        throw new SchemaRegistryException(reason, "schema registry at '" + baseUrl + "' refused to " + what
                + ": HTTP " + status + (message.isEmpty() ? "" : " - " + message), null);
    }

    private String errorMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            String code = node.path("error_code").asString("");
            String message = node.path("message").asString("");
            return (code.isEmpty() ? "" : "error " + code + ": ") + message;
        } catch (RuntimeException e) {
            return body == null ? "" : body.strip();
        }
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
