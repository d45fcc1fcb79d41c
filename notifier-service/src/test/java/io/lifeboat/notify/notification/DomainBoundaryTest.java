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

    /** Routing and delivery may use the domain and each other, but no framework either. */
    private static final List<String> FRAMEWORKS = FORBIDDEN.subList(0, FORBIDDEN.size() - 1);

    @Test
    void routingAndDeliveryImportNoFrameworkAndNoEvents() throws IOException {
        for (String pkg : List.of("routing", "delivery")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/java/io/lifeboat/notify/" + pkg))) {
                for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    assertThat(Files.readAllLines(source)).as(source.toString())
                            .noneMatch(line -> FRAMEWORKS.stream().anyMatch(line::startsWith)
                                    || line.startsWith("import io.lifeboat.notify.channel")
                                    || line.startsWith("import io.lifeboat.notify.messaging"));
                }
            }
        }
    }

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
