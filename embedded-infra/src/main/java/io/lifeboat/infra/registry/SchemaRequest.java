package io.lifeboat.infra.registry;

import tools.jackson.databind.JsonNode;

/**
 * The body Confluent's register, look-up and compatibility endpoints take:
 * {@code {"schema":"...", "schemaType":"AVRO", "references":[]}}. {@code schemaType} may be left out (AVRO);
 * references are not supported, so a non-empty list is an invalid schema (42201).
 */
record SchemaRequest(String schema, String schemaType) {

    static SchemaRequest from(ApiRequest request) {
        JsonNode body = request.jsonObject();
        String schema = request.textField(body, "schema").orElse(null);
        String schemaType = request.textField(body, "schemaType").orElse(null);
        JsonNode references = body.path("references");
        if (references.isArray() && !references.isEmpty()) {
            throw RegistryError.INVALID_SCHEMA.exception("Schema references are not supported by this registry");
        }
        return new SchemaRequest(schema, schemaType);
    }
}
