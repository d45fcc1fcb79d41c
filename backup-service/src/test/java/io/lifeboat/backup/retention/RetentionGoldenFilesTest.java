package io.lifeboat.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.retention.Retention.Item;
import io.lifeboat.backup.retention.Retention.Verdict;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.format.wal.WalSegmentName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Retention against the golden files in {@code src/test/resources/retention}: every decision and its reason. */
class RetentionGoldenFilesTest {

    private static final Path GOLDEN = Path.of("src/test/resources/retention");

    static Stream<Path> goldenFiles() throws IOException {
        return Files.list(GOLDEN).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void decisionsMatchTheGoldenFile(Path file) throws IOException {
        JsonNode golden = JsonMapper.builder().build().readTree(Files.readString(file));
        Map<String, Duration> retention = new LinkedHashMap<>();
        golden.get("retention").properties().forEach(e -> retention.put(e.getKey(), duration(e.getValue().asString())));
        List<Item> catalogue = new ArrayList<>();
        for (JsonNode item : golden.get("catalogue")) {
            catalogue.add(new Item(item.get("dataType").asString(), item.get("backupId").asString(),
                    Instant.parse(item.get("completedAt").asString()),
                    Optional.ofNullable(item.get("walStart")).map(n -> WalSegmentName.parse(n.asString()))));
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode e : golden.get("expected")) {
            expected.add(e.get("backupId").asString() + " " + e.get("decision").asString() + " "
                    + e.get("reason").asString());
        }
        List<Verdict> verdicts = Retention.apply(retention, catalogue, Instant.parse(golden.get("now").asString()));
        assertThat(verdicts.stream().map(v -> v.item().backupId() + " " + v.decision() + " " + v.reason()))
                .as(golden.get("description").asString()).containsExactlyElementsOf(expected);
    }

    @Test
    void periodsComeFromThePolicy() {
        Map<String, Duration> periods = RetentionPeriods.from(PolicyFile.load(Path.of("../config/policy.yml")));
        assertThat(periods).containsEntry("DATABASE_DUMP", Duration.ofDays(30))
                .containsEntry("DATABASE_BASE", Duration.ofDays(30))
                .containsEntry("WAL", Duration.ofDays(7))
                .containsEntry("CONFIGURATION", Duration.ofDays(90))
                .containsEntry("SECRETS", Duration.ofDays(90))
                .containsEntry("MEDIA", Duration.ofDays(90));
    }

    private static Duration duration(String text) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return text.endsWith("d") ? Duration.ofDays(n) : Duration.ofHours(n);
    }
}
