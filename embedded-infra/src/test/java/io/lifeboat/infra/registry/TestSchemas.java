package io.lifeboat.infra.registry;

import java.util.Arrays;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** Avro record schemas for tests, and request bodies carrying them the way Confluent's API reference writes them. */
final class TestSchemas {

    /** {@code User {id: long}} */
    static final String ID = user(field("id", "long"));
    /** {@code User {id: long, email: string = ""}}: adds a field with a default. */
    static final String ID_EMAIL_DEFAULT = user(field("id", "long"), fieldWithDefault("email", "string", "\"\""));
    /** {@code User {id: long, email: string}}: adds a field without a default. */
    static final String ID_EMAIL = user(field("id", "long"), field("email", "string"));
    /** {@code User {id: long, email: int = 0}}: like {@link #ID_EMAIL_DEFAULT} but another type for email. */
    static final String ID_EMAIL_INT_DEFAULT = user(field("id", "long"), fieldWithDefault("email", "int", "0"));
    /** {@code User {id: long, name: string}} */
    static final String ID_NAME = user(field("id", "long"), field("name", "string"));
    /** {@code User {id: long, name: string = ""}} */
    static final String ID_NAME_DEFAULT = user(field("id", "long"), fieldWithDefault("name", "string", "\"\""));
    /** {@code User {id: string}}: a type change no reader survives. */
    static final String ID_AS_STRING = user(field("id", "string"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestSchemas() {
    }

    static String user(String... fields) {
        return "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.lifeboat.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\"}";
    }

    static String fieldWithDefault(String name, String type, String defaultJson) {
        return "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"default\":" + defaultJson + "}";
    }

    /** {@code User} with optional string fields {@code names} (default null); any two are compatible both ways. */
    static String userWithOptional(String... names) {
        String optional = Arrays.stream(names)
                .map(n -> "{\"name\":\"" + n + "\",\"type\":[\"null\",\"string\"],\"default\":null}")
                .collect(Collectors.joining(","));
        return user(field("id", "long"), optional);
    }

    /** The canonical (Avro {@code toString()}) text of a schema, as the registry stores and returns it. */
    static String canonical(String schema) {
        return new org.apache.avro.Schema.Parser().parse(schema).toString();
    }

    /** {@code {"schema":"<schema as a JSON string>"}} */
    static String body(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    /** {@code schema} as a JSON string literal, quotes included. */
    static String quoted(String text) {
        return JSON.getNodeFactory().stringNode(text).toString();
    }
}
