package io.lifeboat.infra.registry;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /compatibility/subjects/{s}/versions/{v}} (against one version, {@code latest} included) and
 * {@code POST /compatibility/subjects/{s}/versions} (as a registration would check). Answer:
 * {@code {"is_compatible":bool}}, plus {@code "messages":[...]} when incompatible and {@code ?verbose=true}.
 */
final class CompatibilityEndpoints {

    private final SchemaRegistry registry;

    CompatibilityEndpoints(SchemaRegistry registry) {
        this.registry = registry;
    }

    void addTo(Router router) {
        router.add("POST", "/compatibility/subjects/{subject}/versions/{version}", this::againstVersion)
                .add("POST", "/compatibility/subjects/{subject}/versions", this::forRegistration);
    }

    private ApiResponse againstVersion(ApiRequest request) {
        VersionRef version = VersionRef.parse(request.path("version"));
        SchemaRequest body = SchemaRequest.from(request);
        return answer(request, registry.testAgainstVersion(request.path("subject"), version, body.schema(),
                body.schemaType()));
    }

    private ApiResponse forRegistration(ApiRequest request) {
        SchemaRequest body = SchemaRequest.from(request);
        return answer(request, registry.testForRegistration(request.path("subject"), body.schema(),
                body.schemaType()));
    }

    private static ApiResponse answer(ApiRequest request, List<String> messages) {
        ObjectNode answer = Json.object().put("is_compatible", messages.isEmpty());
        if (!messages.isEmpty() && request.flag("verbose")) {
            ArrayNode list = answer.putArray("messages");
            messages.forEach(list::add);
        }
        return ApiResponse.ok(answer);
    }
}
