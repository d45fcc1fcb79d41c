package io.lifeboat.schemas.registry;

import io.lifeboat.schemas.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers the value schemas of the topics a service produces before it starts consuming or publishing. While the
 * registry is unreachable it retries with a growing pause and says why each time; a permanent refusal (an
 * incompatible schema) or running out of time stops start-up with the registry's reason.
 */
public final class StartupRegistration {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final SchemaRegistryClient client;
    private final Duration maxWait;
    private final Consumer<String> progress;

    /**
     * @param progress receives one line per failed attempt, e.g. for a WARN log
     */
    public StartupRegistration(SchemaRegistryClient client, Duration maxWait, Consumer<String> progress) {
        this.client = client;
        this.maxWait = maxWait;
        this.progress = progress;
    }

    public void register(List<Topic<?>> topics) {
        Instant deadline = Instant.now().plus(maxWait);
        Duration pause = FIRST_PAUSE;
        int attempt = 1;
        while (true) {
            try {
                for (Topic<?> topic : topics) {
                    client.register(topic.valueSubject(), schemaOf(topic));
                }
                return;
            } catch (SchemaRegistryException e) {
                if (!e.reason().isTransient()) {
                    throw e;
                }
                if (Instant.now().plus(pause).isAfter(deadline)) {
                    throw new SchemaRegistryException(e.reason(), "gave up after " + attempt + " attempts in "
                            + maxWait.toSeconds() + " s: " + e.getMessage(), e);
                }
                progress.accept("attempt " + attempt + ": " + e.getMessage() + "; retrying in "
                        + pause.toMillis() + " ms");
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                attempt++;
            }
        }
    }

    private static org.apache.avro.Schema schemaOf(Topic<?> topic) {
        return org.apache.avro.specific.SpecificData.get().getSchema(topic.valueType());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.Reason.UNREACHABLE,
                    "interrupted while waiting for the schema registry", e);
        }
    }
}
