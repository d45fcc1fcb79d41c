package io.lifeboat.backup.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.backup.copy.PendingCopy;
import io.lifeboat.backup.run.BackupTrigger;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.events.backup.CopyStored;
import io.lifeboat.format.storage.StorageTier;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.outbox.Delivery;
import io.lifeboat.schemas.outbox.EventOutbox;
import io.lifeboat.schemas.topic.Topic;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup-service's facts go through the event outbox: Kafka refusing them loses none. */
class BackupEventPublisherTest {

    private static final Instant AT = Instant.parse("2026-11-30T01:00:00Z");

    @TempDir
    Path outboxDir;

    @Test
    void factsKafkaRefusesAreKeptAndPublishedInOrderWithTheirEventIdsOnceKafkaTakesThem() {
        Kafka kafka = new Kafka();
        try (EventOutbox outbox = new EventOutbox(outboxDir, kafka, Duration.ofHours(1))) {
            BackupEventPublisher publisher = new BackupEventPublisher(outbox,
                    new EventHeaders("backup-service", "test", "POL-ISMS-008@1.0", Clock.fixed(AT, ZoneOffset.UTC)));

            publisher.started("b-1", "DATABASE_DUMP", "prosaas", BackupTrigger.Trigger.SCHEDULED, 1, AT);
            publisher.copyStored(new PendingCopy("b-0", "DATABASE_DUMP", "b-0/manifest.json", "ab".repeat(32),
                    "secondary", StorageTier.SECONDARY), 3);
            assertThat(outbox.resend()).isEqualTo(2);
            assertThat(kafka.taken).isEmpty();
            List<SpecificRecord> refused = List.copyOf(kafka.refused);

            kafka.up = true;
            assertThat(outbox.resend()).isZero();

            assertThat(kafka.taken).hasSize(2);
            assertThat(kafka.taken.get(0)).isInstanceOf(BackupStarted.class).isEqualTo(refused.get(0));
            assertThat(kafka.taken.get(1)).isInstanceOf(CopyStored.class).isEqualTo(refused.get(1));
            assertThat(((CopyStored) kafka.taken.get(1)).getHeader().getEventId())
                    .isEqualTo(((CopyStored) refused.get(1)).getHeader().getEventId());
        }
    }

    /** Refuses every send (and remembers what it refused first) until it is up. */
    private static final class Kafka implements Delivery {

        final List<SpecificRecord> taken = new ArrayList<>();
        final List<SpecificRecord> refused = new ArrayList<>();
        volatile boolean up;

        @Override
        public synchronized <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
            if (!up) {
                if (!refused.contains(event)) {
                    refused.add(event);
                }
                throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
            }
            taken.add(event);
        }
    }
}
