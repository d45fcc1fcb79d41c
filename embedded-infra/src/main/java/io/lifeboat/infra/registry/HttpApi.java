package io.lifeboat.infra.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpHandler} for every path: decodes the request, checks its content type, lets the {@link Router}
 * pick the endpoint, and writes the JSON answer with Confluent's content type. A {@link RegistryException} becomes
 * its error body; anything else is logged and answered with 500 / 50001.
 */
final class HttpApi implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final Set<String> ACCEPTED_BODY_TYPES = Set.of(CONTENT_TYPE, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");

    private final Router router;

    HttpApi(Router router) {
        this.router = router;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ApiResponse response;
        try {
            response = dispatch(exchange);
        } catch (RegistryException e) {
            if (e.error().httpStatus() >= 500) {
                log.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage(), e);
            }
            response = ApiResponse.error(e.error(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            log.error("{} {} failed unexpectedly", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = ApiResponse.error(RegistryError.STORE_ERROR, "Error in the backend data store: " + e);
        }
        write(exchange, response);
    }

    private ApiResponse dispatch(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        Router.Match match = router.route(method, segments(exchange.getRequestURI().getRawPath()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (body.length > 0) {
            checkContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
        }
        return match.endpoint().handle(new ApiRequest(method, match.pathParams(),
                query(exchange.getRequestURI().getRawQuery()), body));
    }

    private static void checkContentType(String header) {
        if (header == null) {
            return;
        }
        String mediaType = header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!ACCEPTED_BODY_TYPES.contains(mediaType)) {
            throw RegistryError.UNSUPPORTED_MEDIA_TYPE.exception("HTTP 415 Unsupported Media Type");
        }
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] bytes = Json.bytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Path segments, percent-decoded one by one (so {@code %2F} stays inside a subject name); empty ones dropped. */
    static List<String> segments(String rawPath) {
        if (rawPath == null) {
            return List.of();
        }
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(HttpApi::decode)
                .toList();
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            query.putIfAbsent(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryError.NOT_FOUND.exception("HTTP 404 Not Found");
        }
    }
}
