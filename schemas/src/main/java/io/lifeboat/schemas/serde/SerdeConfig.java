package io.lifeboat.schemas.serde;

import io.lifeboat.schemas.registry.SchemaRegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The Kafka client properties the serde reads; the names match Confluent's so existing configs carry over. */
final class SerdeConfig {

    static final String REGISTRY_URL = "schema.registry.url";
    static final String REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";

    private SerdeConfig() {
    }

    static SchemaRegistryClient client(Map<String, ?> configs) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("missing Kafka client property '" + REGISTRY_URL
                    + "': the Avro serde needs the schema registry's URL");
        }
        Object timeout = configs.get(REGISTRY_TIMEOUT_MS);
        Duration t = Duration.ofMillis(timeout == null ? 10_000 : Long.parseLong(timeout.toString()));
        return new SchemaRegistryClient(URI.create(url.toString().split(",")[0].trim()), t);
    }
}
