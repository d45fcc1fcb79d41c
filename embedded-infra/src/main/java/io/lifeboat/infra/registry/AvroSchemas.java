package io.lifeboat.infra.registry;

import org.apache.avro.Schema;

/**
 * Parses schema text as Avro. The canonical text of a schema is Avro's compact {@link Schema#toString()}, as in
 * Confluent: two texts that differ only in whitespace or attribute order are the same schema and share one id.
 */
final class AvroSchemas {

    /** A parsed schema with its canonical text. */
    record Parsed(Schema schema, String canonical) {
    }

    private AvroSchemas() {
    }

    /**
     * Parses {@code text} as a schema of {@code schemaType} (null or {@code AVRO}; other types are refused with
     * 42201, this registry only stores Avro).
     */
    static Parsed parse(String text, String schemaType) {
        if (schemaType != null && !"AVRO".equals(schemaType)) {
            throw RegistryError.INVALID_SCHEMA.exception("Invalid schema type " + schemaType
                    + "; this registry stores AVRO schemas only");
        }
        if (text == null || text.isBlank()) {
            throw RegistryError.INVALID_SCHEMA.exception("Empty schema");
        }
        try {
            Schema schema = new Schema.Parser().parse(text);
            return new Parsed(schema, schema.toString());
        } catch (RuntimeException e) {
            throw RegistryError.INVALID_SCHEMA.exception("Invalid schema " + text + ": " + e.getMessage(), e);
        }
    }

    /** Parses text this registry stored itself (already canonical and valid). */
    static Schema parseStored(String canonical) {
        return new Schema.Parser().parse(canonical);
    }
}
