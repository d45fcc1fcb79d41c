package io.lifeboat.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Raw HTTP against a registry, the way any Confluent client talks to it. */
final class RegistryHttp {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer. */
    record Response(int status, String contentType, String body, String description) {

        /** The same answer, described as {@code description} in assertion failures. */
        Response as(String description) {
            return new Response(status, contentType, body, this.description + " (" + description + ")");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        /** Asserts status, Confluent's content type and the exact body. */
        Response is(int expectedStatus, String expectedBody) {
            assertThat(status).as("status of %s, answered %s", description, body).isEqualTo(expectedStatus);
            assertThat(contentType).as("content type of %s", description).isEqualTo(CONTENT_TYPE);
            assertThat(body).as("body of %s", description).isEqualTo(expectedBody);
            return this;
        }

        /** Asserts an error answer: status, content type, error code and exact message. */
        Response isError(int expectedStatus, int errorCode, String message) {
            return is(expectedStatus, JSON.createObjectNode().put("error_code", errorCode).put("message", message)
                    .toString());
        }

        /** Asserts status, content type and error code; returns the message. */
        String errorMessage(int expectedStatus, int errorCode) {
            assertThat(status).as("status of %s, answered %s", description, body).isEqualTo(expectedStatus);
            assertThat(contentType).as("content type of %s", description).isEqualTo(CONTENT_TYPE);
            assertThat(json().path("error_code").asInt()).as("error code of %s", description).isEqualTo(errorCode);
            return json().path("message").asString();
        }
    }

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    RegistryHttp(URI base) {
        this.base = base;
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response post(String path, String body) {
        return send("POST", path, body, CONTENT_TYPE);
    }

    Response put(String path, String body) {
        return send("PUT", path, body, CONTENT_TYPE);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", CONTENT_TYPE);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body(), method + " " + path);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }
}
