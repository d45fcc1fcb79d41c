package io.lifeboat.schemas.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lifeboat.events.backup.BackupCompleted;
import io.lifeboat.events.backup.BackupStarted;
import io.lifeboat.events.backup.BackupTriggerKind;
import io.lifeboat.events.common.CopyStatus;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.LocationCopy;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.StorageTier;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The outbox against a real directory and a Kafka stand-in that refuses sends until it is "up". */
class EventOutboxTest {

    private static final Duration NOT_DURING_THE_TEST = Duration.ofHours(1);
    private static final Instant AT = Instant.parse("2026-11-30T01:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aBackupCompletedKafkaRefusedIsSentWhenKafkaTakesItAgainWithTheSameEventId() throws Exception {
        Kafka kafka = new Kafka();
        try (EventOutbox outbox = new EventOutbox(dir, kafka, NOT_DURING_THE_TEST)) {
            BackupCompleted completed = completed("b-1");

            outbox.send(Topics.BACKUP_COMPLETED, "b-1", completed);
            assertThat(kafka.taken).isEmpty();
            assertThat(entries()).hasSize(1);

            kafka.up = true;
            assertThat(outbox.resend()).isZero();

            assertThat(kafka.taken).singleElement().satisfies(sent -> {
                assertThat(sent.topic).isEqualTo(Topics.BACKUP_COMPLETED.name());
                assertThat(sent.key).isEqualTo("b-1");
                assertThat(sent.event).isEqualTo(completed);
                assertThat(((BackupCompleted) sent.event).getHeader().getEventId())
                        .isEqualTo(completed.getHeader().getEventId());
            });
            assertThat(entries()).isEmpty();
        }
    }

    @Test
    void entriesLeftByAKilledProcessAreSentAtStartUpInTheOrderWritten() throws Exception {
        Kafka down = new Kafka();
        List<SpecificRecord> written = List.of(started("b-1"), completed("b-1"), started("b-2"));
        try (EventOutbox killed = new EventOutbox(dir, down, NOT_DURING_THE_TEST)) {
            killed.send(Topics.BACKUP_STARTED, "b-1", (BackupStarted) written.get(0));
            killed.send(Topics.BACKUP_COMPLETED, "b-1", (BackupCompleted) written.get(1));
            killed.send(Topics.BACKUP_STARTED, "b-2", (BackupStarted) written.get(2));
        }
        assertThat(down.taken).isEmpty();

        Kafka up = new Kafka();
        up.up = true;
        try (EventOutbox restarted = new EventOutbox(dir, up, NOT_DURING_THE_TEST)) {
            awaitTaken(up, 3);
            assertThat(up.taken).extracting(sent -> sent.event).containsExactlyElementsOf(written);
            assertThat(entries()).isEmpty();
        }
    }

    @Test
    void anEntryKafkaRefusedHoldsBackLaterEntriesWithItsKeyOnly() throws Exception {
        Kafka kafka = new Kafka();
        kafka.refusedKey = "b-1";
        kafka.up = true;
        try (EventOutbox outbox = new EventOutbox(dir, kafka, NOT_DURING_THE_TEST)) {
            BackupStarted first = started("b-1");
            BackupCompleted second = completed("b-1");
            BackupStarted other = started("b-2");
            outbox.send(Topics.BACKUP_STARTED, "b-1", first);
            outbox.send(Topics.BACKUP_COMPLETED, "b-1", second);
            outbox.send(Topics.BACKUP_STARTED, "b-2", other);
            assertThat(outbox.resend()).isEqualTo(2);
            assertThat(kafka.taken()).extracting(sent -> sent.event).containsExactly(other);

            kafka.refusedKey = null;
            assertThat(outbox.resend()).isZero();
            assertThat(kafka.taken()).extracting(sent -> sent.event).containsExactly(other, first, second);
        }
    }

    @Test
    void aDamagedEntryIsSetAsideAndTheOthersAreStillSent() throws Exception {
        Kafka down = new Kafka();
        BackupStarted before = started("b-1");
        BackupStarted after = started("b-3");
        try (EventOutbox killed = new EventOutbox(dir, down, NOT_DURING_THE_TEST)) {
            killed.send(Topics.BACKUP_STARTED, "b-1", before);
            killed.send(Topics.BACKUP_STARTED, "b-2", started("b-2"));
            killed.send(Topics.BACKUP_STARTED, "b-3", after);
        }
        Path damaged = entries().get(1);
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(damaged, bytes);

        Kafka up = new Kafka();
        up.up = true;
        try (EventOutbox restarted = new EventOutbox(dir, up, NOT_DURING_THE_TEST)) {
            awaitTaken(up, 2);
            assertThat(up.taken).extracting(sent -> sent.event).containsExactly(before, after);
            assertThat(entries()).isEmpty();
            assertThat(damaged.resolveSibling(damaged.getFileName() + ".damaged")).exists();
        }
    }

    @Test
    void aNewEntryNeverTakesTheNameOfOneSetAsideEvenOnceTheDirectoryHoldsNoOtherEntry() throws Exception {
        try (EventOutbox killed = new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST)) {
            killed.send(Topics.BACKUP_STARTED, "b-1", started("b-1"));
        }
        Path damaged = entries().get(0);
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(damaged, bytes);
        Path aside = damaged.resolveSibling(damaged.getFileName() + ".damaged");
        byte[] damagedBytes = bytes.clone();
        try (EventOutbox restarted = new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST)) {
            assertThat(restarted.resend()).isZero();
            assertThat(aside).exists();
        }

        try (EventOutbox again = new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST)) {
            again.send(Topics.BACKUP_STARTED, "b-2", started("b-2"));
            assertThat(entries()).singleElement().satisfies(entry ->
                    assertThat(entry.getFileName().toString()).isGreaterThan(damaged.getFileName().toString()));
        }
        assertThat(Files.readAllBytes(aside)).isEqualTo(damagedBytes);
    }

    @Test
    void aSecondOutboxOnALockedDirectoryIsRefused() {
        try (EventOutbox first = new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST)) {
            assertThatThrownBy(() -> new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("event outbox directory " + dir)
                    .hasMessageContaining("in use by another outbox");
        }
        new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST).close();
    }

    @Test
    void aHalfWrittenEntryIsNotTakenForAWholeOne() throws Exception {
        Files.write(dir.resolve("00000000000000000001.event.tmp"), new byte[] {1, 2, 3});
        Kafka kafka = new Kafka();
        kafka.up = true;
        try (EventOutbox outbox = new EventOutbox(dir, kafka, NOT_DURING_THE_TEST)) {
            BackupStarted started = started("b-1");
            outbox.send(Topics.BACKUP_STARTED, "b-1", started);
            assertThat(outbox.resend()).isZero();
            assertThat(kafka.taken()).extracting(sent -> sent.event).containsExactly(started);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("outbox.lock");
            }
        }
    }

    @Test
    void sendReturnsWithoutWaitingForKafkaAndTheEntryGoesOutOnceKafkaAnswers() throws Exception {
        CountDownLatch sendReturned = new CountDownLatch(1);
        Unreachable kafka = new Unreachable(sendReturned);
        try (EventOutbox outbox = new EventOutbox(dir, kafka, NOT_DURING_THE_TEST)) {
            BackupStarted started = started("b-1");

            // before the fix the delivery ran on this thread, waited in vain for the latch and then timed out
            outbox.send(Topics.BACKUP_STARTED, "b-1", started);
            sendReturned.countDown();
            kafka.awaitTried(1);
            assertThat(kafka.triedBeforeSendReturned).isFalse();
            assertThat(entries()).hasSize(1);

            kafka.up = true;
            assertThat(outbox.resend()).isZero();
            assertThat(kafka.taken()).containsExactly(started);
            assertThat(entries()).isEmpty();
        }
    }

    @Test
    void aPassEndsAtTheFirstSendThatFindsKafkaUnreachableAndEveryEntryGoesOutOnceItIsBackInOrder() throws Exception {
        CountDownLatch open = new CountDownLatch(0);
        Unreachable kafka = new Unreachable(open);
        try (EventOutbox outbox = new EventOutbox(dir, kafka, NOT_DURING_THE_TEST)) {
            BackupStarted first = started("b-1");
            BackupStarted second = started("b-2");
            BackupCompleted third = completed("b-1");
            BackupStarted fourth = started("b-3");
            outbox.send(Topics.BACKUP_STARTED, "b-1", first);
            outbox.send(Topics.BACKUP_STARTED, "b-2", second);
            outbox.send(Topics.BACKUP_COMPLETED, "b-1", third);
            outbox.send(Topics.BACKUP_STARTED, "b-3", fourth);

            assertThat(outbox.resend()).isEqualTo(4);
            // every pass, this one and the woken ones, stopped at the oldest entry: the others were never tried
            assertThat(kafka.tried()).isNotEmpty().containsOnly("b-1");

            kafka.up = true;
            assertThat(outbox.resend()).isZero();
            assertThat(kafka.taken()).containsExactly(first, second, third, fourth);
            assertThat(((BackupCompleted) kafka.taken().get(2)).getHeader().getEventId())
                    .isEqualTo(third.getHeader().getEventId());
        }
    }

    @Test
    void aResendPassThatCannotListTheDirectoryDoesNotStopTheLaterOnes() throws Exception {
        Logger outboxLog = (Logger) LoggerFactory.getLogger(EventOutbox.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        outboxLog.addAppender(logs);
        Path outboxDir = dir.resolve("outbox");
        Path away = dir.resolve("away");
        Kafka kafka = new Kafka();
        try (EventOutbox outbox = new EventOutbox(outboxDir, kafka, Duration.ofMillis(20))) {
            BackupStarted started = started("b-1");
            outbox.send(Topics.BACKUP_STARTED, "b-1", started);

            Files.move(outboxDir, away);
            String failed = "a resend pass over " + outboxDir + " failed";
            for (int i = 0; i < 500 && logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains(failed));
                 i++) {
                Thread.sleep(20);
            }
            Files.move(away, outboxDir);
            kafka.up = true;

            awaitTaken(kafka, 1);
            assertThat(kafka.taken()).extracting(sent -> sent.event).containsExactly(started);
        } finally {
            outboxLog.detachAppender(logs);
        }
    }

    @Test
    void aSendAfterCloseIsRefusedNamingTheDirectoryAndWritesNothing() throws Exception {
        EventOutbox outbox = new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST);
        outbox.close();

        assertThatThrownBy(() -> outbox.send(Topics.BACKUP_STARTED, "b-1", started("b-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event outbox " + dir + " is closed")
                .hasMessageContaining("key 'b-1' was not kept");
        assertThat(entries()).isEmpty();
    }

    @Test
    void closeReleasesTheDirectoryOnlyOnceTheResendThreadStopped() throws Exception {
        Stuck kafka = new Stuck();
        EventOutbox outbox = new EventOutbox(dir, kafka, NOT_DURING_THE_TEST);
        outbox.send(Topics.BACKUP_STARTED, "b-1", started("b-1"));
        assertThat(kafka.entered.await(10, TimeUnit.SECONDS)).isTrue();

        outbox.close();

        assertThat(kafka.left).isTrue();
        new EventOutbox(dir, new Kafka(), NOT_DURING_THE_TEST).close();
    }

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".event")).sorted().toList();
        }
    }

    private static void awaitTaken(Kafka kafka, int count) throws InterruptedException {
        for (int i = 0; i < 500 && kafka.taken().size() < count; i++) {
            Thread.sleep(20);
        }
    }

    private static EventHeader header(String backupId) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(AT)
                .setProducer(Producer.newBuilder().setService("backup-service").setInstance("test").build())
                .setCorrelationId(backupId)
                .setPolicyId("POL-ISMS-008@1.0")
                .build();
    }

    static BackupStarted started(String backupId) {
        return BackupStarted.newBuilder().setHeader(header(backupId)).setBackupId(backupId)
                .setDataType(DataType.values()[0]).setSource("saas").setTrigger(BackupTriggerKind.SCHEDULED)
                .setAttempt(1).setStartedAt(AT).build();
    }

    static BackupCompleted completed(String backupId) {
        return BackupCompleted.newBuilder().setHeader(header(backupId)).setBackupId(backupId)
                .setDataType(DataType.values()[0]).setSource("saas").setStartedAt(AT).setCompletedAt(AT)
                .setManifestKey("backups/" + backupId + "/manifest").setManifestSha256("ab".repeat(32))
                .setObjectCount(1).setPlainBytes(10).setStoredBytes(8)
                .setCopies(List.of(LocationCopy.newBuilder().setLocation("primary").setTier(StorageTier.PRIMARY)
                        .setStatus(CopyStatus.STORED).build()))
                .build();
    }

    /**
     * Like a producer that cannot reach its broker: each send waits until the test's send() returned (so a send on
     * the caller's thread shows), then times out as Kafka's producer does, until it is up.
     */
    private static final class Unreachable implements Delivery {

        private final CountDownLatch sendReturned;
        private final List<String> tried = new ArrayList<>();
        private final List<SpecificRecord> taken = new ArrayList<>();
        volatile boolean up;
        volatile boolean triedBeforeSendReturned;

        Unreachable(CountDownLatch sendReturned) {
            this.sendReturned = sendReturned;
        }

        @Override
        public <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
            try {
                if (!sendReturned.await(10, TimeUnit.SECONDS)) {
                    triedBeforeSendReturned = true;
                }
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
            synchronized (this) {
                tried.add(key);
                if (up) {
                    taken.add(event);
                    return;
                }
            }
            throw new TimeoutException("Topic " + topic.name() + " not present in metadata after 60000 ms.");
        }

        synchronized List<String> tried() {
            return List.copyOf(tried);
        }

        synchronized List<SpecificRecord> taken() {
            return List.copyOf(taken);
        }

        void awaitTried(int count) throws InterruptedException {
            for (int i = 0; i < 1000 && tried().size() < count; i++) {
                Thread.sleep(20);
            }
        }
    }

    /** A send that hangs until interrupted, and then takes a while to wind down, as a producer closing might. */
    private static final class Stuck implements Delivery {

        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean left;

        @Override
        public <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
                left = true;
                throw new InterruptException(e);
            }
        }
    }

    private record Sent(String topic, String key, SpecificRecord event) {
    }

    /** Refuses every send while down, and sends with {@code refusedKey} while up. */
    private static final class Kafka implements Delivery {

        private final List<Sent> taken = new ArrayList<>();
        volatile boolean up;
        volatile String refusedKey;

        @Override
        public synchronized <V extends SpecificRecord> void send(Topic<V> topic, String key, V event) {
            if (!up || key.equals(refusedKey)) {
                throw new IllegalStateException("event for " + topic.name() + " key '" + key + "' was not sent");
            }
            taken.add(new Sent(topic.name(), key, event));
        }

        synchronized List<Sent> taken() {
            return List.copyOf(taken);
        }
    }
}
