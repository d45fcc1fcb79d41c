package io.lifeboat.notify.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain package stays free of frameworks and of the wire contract: adapters map to it, not the other way. Only
 * the plain dedupe window of {@code io.lifeboat.schemas.dedupe} is shared.
 */
class DomainBoundaryTest {

    private static final List<String> FORBIDDEN = List.of("import org.springframework", "import org.apache.kafka",
            "import org.apache.avro", "import io.lifeboat.events", "import io.lifeboat.schemas.serde",
            "import io.lifeboat.schemas.topic", "import io.lifeboat.schemas.registry", "import io.lifeboat.schemas.deadletter",
            "import io.github.resilience4j", "import tools.jackson", "import io.lifeboat.notify.");

    @Test
    void notificationPackageImportsNoFrameworkNoEventsAndNoOtherPackageOfThisService() throws IOException {
        Path dir = Path.of("src/main/java/io/lifeboat/notify/notification");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("sources in %s", dir.toAbsolutePath()).hasSizeGreaterThan(5);
        for (Path source : sources) {
            assertThat(Files.readAllLines(source))
                    .as(source.getFileName().toString())
                    .noneMatch(line -> FORBIDDEN.stream().anyMatch(line::startsWith));
        }
    }
}
