package io.lifeboat.infra.registry;

/** {@code GET /schemas/ids/{id}}: a schema by its global id. */
final class SchemaEndpoints {

    private final SchemaRegistry registry;

    SchemaEndpoints(SchemaRegistry registry) {
        this.registry = registry;
    }

    void addTo(Router router) {
        router.add("GET", "/schemas/ids/{id}", this::byId);
    }

    private ApiResponse byId(ApiRequest request) {
        String text = request.path("id");
        int id;
        try {
            id = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.SCHEMA_NOT_FOUND.exception("Schema " + text + " not found");
        }
        return ApiResponse.ok(Json.object().put("schema", registry.schemaById(id)));
    }
}
