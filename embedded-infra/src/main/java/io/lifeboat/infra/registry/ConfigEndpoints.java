package io.lifeboat.infra.registry;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code /config} and {@code /config/{subject}}: GET answers {@code {"compatibilityLevel":"..."}}, PUT takes and
 * echoes {@code {"compatibility":"..."}} (Confluent's asymmetry, kept on purpose).
 */
final class ConfigEndpoints {

    private final SchemaRegistry registry;

    ConfigEndpoints(SchemaRegistry registry) {
        this.registry = registry;
    }

    void addTo(Router router) {
        router.add("GET", "/config", request -> level(registry.globalCompatibility()))
                .add("PUT", "/config", request -> set(request, Optional.empty()))
                .add("GET", "/config/{subject}", request -> level(
                        registry.subjectCompatibility(request.path("subject"), request.flag("defaultToGlobal"))))
                .add("PUT", "/config/{subject}", request -> set(request, Optional.of(request.path("subject"))));
    }

    private static ApiResponse level(CompatibilityLevel level) {
        return ApiResponse.ok(Json.object().put("compatibilityLevel", level.name()));
    }

    private ApiResponse set(ApiRequest request, Optional<String> subject) {
        JsonNode field = request.jsonObject().path("compatibility");
        CompatibilityLevel level = CompatibilityLevel.parse(field.isString() ? field.asString() : null)
                .orElseThrow(CompatibilityLevel::invalid);
        return ApiResponse.ok(Json.object().put("compatibility", registry.setCompatibility(subject, level).name()));
    }
}
