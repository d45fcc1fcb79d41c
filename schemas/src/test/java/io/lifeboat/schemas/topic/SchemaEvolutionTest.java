package io.lifeboat.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Every event schema must stay BACKWARD compatible with its last released version, kept in
 * {@code schemas/released/<version>/}: a consumer on the new schema must read everything written with the old one.
 */
class SchemaEvolutionTest {

    private static final Path RELEASED = Path.of("released");

    @Test
    void everyTopicSchemaIsBackwardCompatibleWithItsLastRelease() throws IOException {
        Map<String, Schema> released = lastRelease();
        for (Topic<?> topic : Topics.all()) {
            Schema current = SpecificData.get().getSchema(topic.valueType());
            Schema previous = released.get(current.getFullName());
            if (previous == null) {
                continue; // new since the last release: nothing to be compatible with yet
            }
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, previous);
            assertThat(result.getType()).as("%s reading data written with its released schema: %s",
                    current.getFullName(), result.getResult().getIncompatibilities())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void theLastReleaseCoversTheWalkingSkeletonEvents() throws IOException {
        assertThat(lastRelease()).containsKeys(
                "io.lifeboat.events.backup.BackupCompleted", "io.lifeboat.events.backup.BackupFailed",
                "io.lifeboat.events.verify.IntegrityChecked", "io.lifeboat.events.verify.AlertRaised",
                "io.lifeboat.events.restore.RestoreCompleted", "io.lifeboat.events.restore.DrDeclared",
                "io.lifeboat.events.notify.NotificationDelivered", "io.lifeboat.events.notify.NotificationFailed");
    }

    @Test
    void theCheckRejectsARemovedDefaultlessFieldAddition() throws IOException {
        Schema previous = lastRelease().get("io.lifeboat.events.backup.BackupFailed");
        String broken = previous.toString().replace("{\"name\":\"attempt\",\"type\":\"int\"",
                "{\"name\":\"operatorNote\",\"type\":\"string\"},{\"name\":\"attempt\",\"type\":\"int\"");
        Schema incompatible = new Schema.Parser().parse(broken);
        assertThat(incompatible.getField("operatorNote")).isNotNull();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(incompatible, previous).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    /** The newest release directory, parsed so that shared types resolve. */
    static Map<String, Schema> lastRelease() throws IOException {
        Path dir;
        try (Stream<Path> versions = Files.list(RELEASED)) {
            dir = versions.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
        Map<String, Schema> parsed = new HashMap<>();
        List<Path> pending = new java.util.ArrayList<>(files);
        Schema.Parser parser = new Schema.Parser();
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (Path file : List.copyOf(pending)) {
                try {
                    Schema s = parser.parse(Files.readString(file));
                    parsed.put(s.getFullName(), s);
                    pending.remove(file);
                } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
                    parser = rebuilt(parsed);
                }
            }
            assertThat(pending.size()).as("unresolvable released schemas %s", pending).isLessThan(before);
        }
        return parsed;
    }

    private static Schema.Parser rebuilt(Map<String, Schema> known) {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(known.values());
        return parser;
    }
}
