package io.lifeboat.infra.registry;

/**
 * The closed set of errors this registry answers with: Confluent's error codes and the HTTP status each one
 * travels with. The body is always {@code {"error_code":<code>,"message":"..."}}.
 */
enum RegistryError {
    /** 40401: no such subject, or every version of it is (soft) deleted. */
    SUBJECT_NOT_FOUND(404, 40401),
    /** 40402: the subject exists but not that version. */
    VERSION_NOT_FOUND(404, 40402),
    /** 40403: no schema with that id, or the schema is not registered under the subject. */
    SCHEMA_NOT_FOUND(404, 40403),
    /** 40408: the subject has no compatibility level of its own. */
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
    /** 404: no such route. */
    NOT_FOUND(404, 404),
    /** 405: the route exists, the method does not. */
    METHOD_NOT_ALLOWED(405, 405),
    /** 409: the schema breaks the subject's compatibility level. */
    INCOMPATIBLE_SCHEMA(409, 409),
    /** 415: a request body in a content type the API does not speak. */
    UNSUPPORTED_MEDIA_TYPE(415, 415),
    /** 422: the request body is not the JSON entity the endpoint expects. */
    UNPROCESSABLE_ENTITY(422, 422),
    /** 42201: the schema is not a valid Avro schema (or not an Avro schema at all). */
    INVALID_SCHEMA(422, 42201),
    /** 42202: the version is neither a positive int nor {@code latest}. */
    INVALID_VERSION(422, 42202),
    /** 42203: not one of the seven compatibility levels. */
    INVALID_COMPATIBILITY_LEVEL(422, 42203),
    /** 50001: the Kafka log failed. */
    STORE_ERROR(500, 50001),
    /** 50002: the Kafka log did not answer in time. */
    OPERATION_TIMEOUT(500, 50002);

    private final int httpStatus;
    private final int errorCode;

    RegistryError(int httpStatus, int errorCode) {
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    RegistryException exception(String message) {
        return new RegistryException(this, message, null);
    }

    RegistryException exception(String message, Throwable cause) {
        return new RegistryException(this, message, cause);
    }

    static RegistryException subjectNotFound(String subject) {
        return SUBJECT_NOT_FOUND.exception("Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(int version) {
        return VERSION_NOT_FOUND.exception("Version " + version + " not found.");
    }
}
