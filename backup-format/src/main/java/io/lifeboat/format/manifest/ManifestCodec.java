package io.lifeboat.format.manifest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Manifests as JSON bytes, in a stable layout (sorted keys, ISO-8601 instants). */
public final class ManifestCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ManifestCodec() {
    }

    public static byte[] encode(Manifest manifest) {
        return JSON.writeValueAsBytes(manifest);
    }

    /** Parses a manifest; {@code where} names it in errors (e.g. its key and location). */
    public static Manifest decode(byte[] bytes, String where) {
        Manifest manifest;
        try {
            manifest = JSON.readValue(bytes, Manifest.class);
        } catch (JacksonException | NullPointerException e) {
            throw new ManifestException("manifest " + where + " is not a valid manifest: " + e.getMessage(), e);
        }
        if (manifest.formatVersion() != Manifest.FORMAT_VERSION) {
            throw new ManifestException("manifest " + where + " has format version " + manifest.formatVersion()
                    + "; this reader knows version " + Manifest.FORMAT_VERSION, null);
        }
        return manifest;
    }
}
