package io.lifeboat.infra.registry;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /subjects}: list subjects, list and fetch versions, register ({@code POST /subjects/{s}/versions}),
 * look up ({@code POST /subjects/{s}}) and soft-delete ({@code DELETE /subjects/{s}}).
 */
final class SubjectEndpoints {

    private final SchemaRegistry registry;

    SubjectEndpoints(SchemaRegistry registry) {
        this.registry = registry;
    }

    void addTo(Router router) {
        router.add("GET", "/subjects", this::list)
                .add("POST", "/subjects/{subject}/versions", this::register)
                .add("GET", "/subjects/{subject}/versions", this::versions)
                .add("GET", "/subjects/{subject}/versions/{version}", this::version)
                .add("POST", "/subjects/{subject}", this::lookup)
                .add("DELETE", "/subjects/{subject}", this::delete);
    }

    private ApiResponse list(ApiRequest request) {
        ArrayNode names = Json.array();
        registry.subjects(request.flag("deleted")).forEach(names::add);
        return ApiResponse.ok(names);
    }

    private ApiResponse register(ApiRequest request) {
        SchemaRequest body = SchemaRequest.from(request);
        int id = registry.register(request.path("subject"), body.schema(), body.schemaType());
        return ApiResponse.ok(Json.object().put("id", id));
    }

    private ApiResponse versions(ApiRequest request) {
        ArrayNode versions = Json.array();
        registry.versions(request.path("subject"), request.flag("deleted")).forEach(versions::add);
        return ApiResponse.ok(versions);
    }

    private ApiResponse version(ApiRequest request) {
        VersionRef version = VersionRef.parse(request.path("version"));
        return ApiResponse.ok(body(registry.version(request.path("subject"), version, request.flag("deleted"))));
    }

    private ApiResponse lookup(ApiRequest request) {
        SchemaRequest body = SchemaRequest.from(request);
        return ApiResponse.ok(body(registry.lookup(request.path("subject"), body.schema(), body.schemaType(),
                request.flag("deleted"))));
    }

    private ApiResponse delete(ApiRequest request) {
        ArrayNode versions = Json.array();
        registry.deleteSubject(request.path("subject")).forEach(versions::add);
        return ApiResponse.ok(versions);
    }

    /** Confluent's schema entity; {@code schemaType} is left out because every schema here is AVRO. */
    static ObjectNode body(SubjectVersion version) {
        return Json.object()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema());
    }
}
