package io.lifeboat.infra.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a method and decoded path segments against routes like {@code /subjects/{subject}/versions}. A path that
 * matches no pattern is a 404; one that matches only under other methods is a 405.
 */
final class Router {

    /** An endpoint. */
    @FunctionalInterface
    interface Endpoint {
        ApiResponse handle(ApiRequest request);
    }

    /** A route found for a request, with the path parameters it bound. */
    record Match(Endpoint endpoint, Map<String, String> pathParams) {
    }

    private record Route(String method, List<String> pattern, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String pattern, Endpoint endpoint) {
        List<String> segments = List.of(pattern.replaceFirst("^/", "").split("/"));
        routes.add(new Route(method, segments, endpoint));
        return this;
    }

    Match route(String method, List<String> segments) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = bind(route.pattern(), segments);
            if (params.isPresent()) {
                if (route.method().equals(method)) {
                    return new Match(route.endpoint(), params.get());
                }
                pathKnown = true;
            }
        }
        throw pathKnown
                ? RegistryError.METHOD_NOT_ALLOWED.exception("HTTP 405 Method Not Allowed")
                : RegistryError.NOT_FOUND.exception("HTTP 404 Not Found");
    }

    private static Optional<Map<String, String>> bind(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                params.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
