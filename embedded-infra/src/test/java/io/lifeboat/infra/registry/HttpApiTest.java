package io.lifeboat.infra.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP plumbing on its own (no broker): routing, decoding, content types and the error mapping. */
class HttpApiTest {

    private HttpServer server;
    private RegistryHttp http;

    @BeforeEach
    void start() throws Exception {
        Router router = new Router()
                .add("GET", "/echo/{name}", request -> ApiResponse.ok(Json.object()
                        .put("name", request.path("name")).put("verbose", request.flag("verbose"))))
                .add("POST", "/echo/{name}", request -> ApiResponse.ok(request.jsonObject()))
                .add("GET", "/boom", request -> {
                    throw new IllegalStateException("kaputt");
                })
                .add("GET", "/refuse", request -> {
                    throw RegistryError.SCHEMA_NOT_FOUND.exception("Schema 7 not found");
                });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new HttpApi(router));
        server.start();
        http = new RegistryHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void decodesPathSegmentsOneByOneAndQueryFlags() {
        http.get("/echo/a%2Fb+c%20d?verbose=TRUE").is(200, "{\"name\":\"a/b+c d\",\"verbose\":true}");
        http.get("/echo/x/").is(200, "{\"name\":\"x\",\"verbose\":false}");
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        http.get("/nothing/here").isError(404, 404, "HTTP 404 Not Found");
        http.get("/echo").isError(404, 404, "HTTP 404 Not Found");
        http.delete("/echo/x").isError(405, 405, "HTTP 405 Method Not Allowed");
    }

    @Test
    void registryErrorsKeepTheirCodeAndUnexpectedFailuresAre50001() {
        http.get("/refuse").isError(404, 40403, "Schema 7 not found");
        http.get("/boom").isError(500, 50001, "Error in the backend data store: java.lang.IllegalStateException: kaputt");
    }

    @Test
    void acceptsConfluentAndJsonAndOctetStreamBodiesOnly() {
        for (String type : List.of("application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json",
                "application/json; charset=utf-8", "application/octet-stream")) {
            http.send("POST", "/echo/x", "{\"a\":1}", type).is(200, "{\"a\":1}");
        }
        http.send("POST", "/echo/x", "{\"a\":1}", "text/plain").isError(415, 415, "HTTP 415 Unsupported Media Type");
    }

    @Test
    void malformedJsonIs422() {
        String message = http.post("/echo/x", "{\"schema\": ").errorMessage(422, 422);
        assertThat(message).startsWith("Unrecognized request body: ");
        http.post("/echo/x", "[1,2]").isError(422, 422, "Unrecognized request body: expected a JSON object");
    }

    @Test
    void queryParsingKeepsTheFirstValue() {
        assertThat(HttpApi.query("a=1&a=2&b&c=x%20y")).isEqualTo(Map.of("a", "1", "b", "", "c", "x y"));
    }
}
