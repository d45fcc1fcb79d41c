package io.lifeboat.infra.registry;

import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One HTTP request as the endpoints see it: path parameters already matched, query decoded, body read. */
record ApiRequest(String method, Map<String, String> pathParams, Map<String, String> query, byte[] body) {

    ApiRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
    }

    String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter {" + name + "}");
        }
        return value;
    }

    /** True if the query has {@code name=true} (case-insensitively, as Confluent). */
    boolean flag(String name) {
        return Boolean.parseBoolean(query.get(name));
    }

    /** The body as a JSON object; 422 (error code 422) if it is not one. */
    JsonNode jsonObject() {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (JacksonException e) {
            throw RegistryError.UNPROCESSABLE_ENTITY.exception("Unrecognized request body: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw RegistryError.UNPROCESSABLE_ENTITY.exception("Unrecognized request body: expected a JSON object");
        }
        return node;
    }

    /** A text field of the JSON body; empty if absent or null; 422 if it is there but not text. */
    Optional<String> textField(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw RegistryError.UNPROCESSABLE_ENTITY.exception("Unrecognized field value: '" + field
                    + "' must be a string");
        }
        return Optional.of(value.asString());
    }
}
