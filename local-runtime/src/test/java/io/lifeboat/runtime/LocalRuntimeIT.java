package io.lifeboat.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.infra.kafka.TopicProbe.Seen;
import io.lifeboat.runtime.demo.Demonstration;
import io.lifeboat.runtime.demo.StepResult;
import io.lifeboat.runtime.inbox.WebhookInbox.Delivery;
import io.lifeboat.runtime.system.LocalSystem;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the embedded default: a real broker process, the schema registry, PostgreSQL made with initdb
 * and the four services, driven by the same demonstration the README's first command runs.
 */
class LocalRuntimeIT {

    @TempDir
    Path work;

    @Test
    void theWholeChainHoldsAndEveryEventIsInConfluentWireFormat() throws Exception {
        List<String> lines = new ArrayList<>();
        try (LocalSystem system = LocalSystem.start(work, lines::add);
             Demonstration demo = new Demonstration(system, lines::add)) {
            List<StepResult> results = demo.run();

            assertThat(results).extracting(StepResult::step).containsExactly("backup", "verification",
                    "corruption detected", "alert raised", "paged once", "restore", "row counts");
            assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.step() + ": " + r.detail()).isTrue());
            assertThat(lines).anyMatch(l -> l.contains("IntegrityChecked") && l.contains("PASSED"))
                    .anyMatch(l -> l.contains("IntegrityChecked") && l.contains("CORRUPT"))
                    .anyMatch(l -> l.contains("AlertRaised") && l.contains("CRITICAL"))
                    .anyMatch(l -> l.contains("RestoreCompleted") && l.contains("SUCCEEDED from secondary"));

            List<Delivery> deliveries = system.inbox().deliveries();
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).signature()).isEqualTo("sha256=" + hmac(system.webhookSecret(),
                    deliveries.get(0).body()));
            assertThat(deliveries.get(0).body()).contains("BACKUP_INTEGRITY").contains("POL-ISMS-008 5.2");

            SchemaRegistryClient registry = new SchemaRegistryClient(system.registry().url(), Duration.ofSeconds(5));
            List<Seen<SpecificRecord>> seen = demo.events().all();
            assertThat(seen).hasSizeGreaterThan(10);
            for (Seen<SpecificRecord> record : seen) {
                assertThat(record.value()).as("record on %s decodes", record.topic()).isNotNull();
                ByteBuffer raw = ByteBuffer.wrap(record.raw());
                assertThat(raw.get()).as("magic byte on %s", record.topic()).isZero();
                int id = raw.getInt();
                assertThat(id).as("schema id on %s", record.topic())
                        .isEqualTo(registry.register(record.topic() + "-value", record.value().getSchema()));
            }
            assertThat(work.resolve("backup-service/outbox/outbox.lock"))
                    .as("backup-service's event outbox is in the work dir, not under /var/lib").exists();
            assertThat(String.join("\n", lines)).doesNotContain(system.operatorToken())
                    .doesNotContain(system.webhookSecret());
        }
    }

    private static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
