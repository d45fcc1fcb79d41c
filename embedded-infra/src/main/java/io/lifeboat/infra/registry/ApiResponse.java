package io.lifeboat.infra.registry;

import tools.jackson.databind.JsonNode;

/** A status and a JSON body; every response of the API has both. */
record ApiResponse(int status, JsonNode body) {

    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    static ApiResponse error(RegistryError error, String message) {
        return new ApiResponse(error.httpStatus(),
                Json.object().put("error_code", error.errorCode()).put("message", message));
    }
}
