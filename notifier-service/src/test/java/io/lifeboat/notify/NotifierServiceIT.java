package io.lifeboat.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lifeboat.events.backup.BackupFailed;
import io.lifeboat.events.backup.BackupFailureReason;
import io.lifeboat.events.common.DataType;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.notify.NotificationFailed;
import io.lifeboat.events.restore.DrDeclared;
import io.lifeboat.events.restore.DrTrigger;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.CheckKind;
import io.lifeboat.events.verify.Finding;
import io.lifeboat.events.verify.IntegrityChecked;
import io.lifeboat.events.verify.IntegrityOutcome;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.kafka.TopicProbe.Seen;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.schemas.alert.AlertIds;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * notifier-service against a real broker, the schema registry and a WireMock webhook: events go in as Confluent
 * wire-format records, notifications come out as signed HTTP POSTs and outcome events.
 *
 * <p>The tests share one service, one broker and one webhook, so each uses its own event ids and subjects and
 * counts only the requests whose body names its own event. Where a test must show that something did NOT happen,
 * it publishes a later event with the same key (hence the same partition, handled in order) and waits for that
 * one: by then the earlier record has been handled.
 */
class NotifierServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOOK = "/hooks/lifeboat/T0-token-in-path";
    private static final String SECRET = "it-signing-secret-0123456789";
    private static final String DLT = Topics.ALERT_RAISED.deadLetter("notifier-service");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static WireMockServer webhook;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> probe;
    static KafkaProducer<String, SpecificRecord> events;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        webhook = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        webhook.start();
        webhook.stubFor(post(urlEqualTo(HOOK)).atPriority(10).willReturn(aResponse().withStatus(200)));
        app = NotifierServiceApplication.builder().run(arguments(true));
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        probe = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.NOTIFICATION_DELIVERED.name(), Topics.NOTIFICATION_FAILED.name(), DLT));
        events = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new AvroEventSerializer(client));
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (app != null) {
            app.close();
        }
        if (webhook != null) {
            webhook.stop();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * Command-line arguments, not {@code builder().properties(...)}: those are default properties, the lowest
     * precedence, so notifier-service.yml would win over them.
     */
    private static String[] arguments(boolean withWebhookUrl) {
        List<String> p = new ArrayList<>(List.of(
                "server.port=0",
                "spring.jmx.enabled=false",
                "spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "spring.cloud.stream.default.consumer.back-off-initial-interval=100",
                "lifeboat.schema-registry.url=" + registry.url(),
                "lifeboat.schema-registry.startup-wait=30s",
                "lifeboat.notifier.webhook.secret=" + SECRET,
                "lifeboat.notifier.webhook.read-timeout=2s",
                "lifeboat.policy.file=../config/policy.yml",
                "lifeboat.notifier.delivery.outbox-directory=" + work.resolve("outbox"),
                "lifeboat.notifier.delivery.redeliver-every=1s",
                "resilience4j.retry.instances.webhook.max-attempts=4",
                "resilience4j.retry.instances.webhook.wait-duration=50ms"));
        if (withWebhookUrl) {
            p.add("lifeboat.notifier.webhook.url=" + webhook.baseUrl() + HOOK);
        }
        return p.stream().map(a -> "--" + a).toArray(String[]::new);
    }

    @Test
    void alertRaisedIsPostedOnceSignedAndReportedDelivered() throws Exception {
        AlertRaised alert = alert("database it-delivered");
        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);

        Seen<SpecificRecord> seen = awaitOutcome(Topics.NOTIFICATION_DELIVERED, alert.getHeader());
        NotificationDelivered delivered = (NotificationDelivered) seen.value();

        List<LoggedRequest> posts = postsFor(alert.getHeader());
        assertThat(posts).hasSize(1);
        LoggedRequest post = posts.get(0);
        JsonNode body = JSON.readTree(post.getBody());
        assertThat(body.path("severity").asString()).isEqualTo("CRITICAL");
        assertThat(body.path("runbookStep").asString()).isEqualTo(alert.getRunbookStep());
        assertThat(body.path("observedValue").asString()).isEqualTo("26.5 h since the last good backup");
        assertThat(body.path("threshold").asString()).isEqualTo("25 h (policy 10.1)");
        assertThat(body.path("subject").asString()).isEqualTo("database it-delivered");
        assertThat(body.path("correlationId").asString()).isEqualTo(alert.getHeader().getCorrelationId());
        assertThat(body.path("notificationId").asString()).isEqualTo(delivered.getNotificationId());
        assertThat(post.getHeader("X-Lifeboat-Signature")).isEqualTo("sha256=" + hmacSha256Hex(SECRET, post.getBody()));

        assertThat(seen.key()).isEqualTo(delivered.getNotificationId());
        assertThat(delivered.getAttempts()).isEqualTo(1);
        assertThat(delivered.getChannel()).isEqualTo("webhook");
        assertThat(delivered.getSourceEventType()).isEqualTo("AlertRaised");
        assertThat(delivered.getHeader().getCorrelationId()).isEqualTo(alert.getHeader().getCorrelationId());
        assertThat(delivered.getHeader().getProducer().getService()).isEqualTo("notifier-service");
    }

    @Test
    void webhookOutageIsRetriedUntilItRecovers() {
        int outages = 2;
        AlertRaised alert = alert("database it-flaky");
        String state = STARTED;
        for (int i = 1; i <= outages; i++) {
            webhook.stubFor(post(urlEqualTo(HOOK)).atPriority(1).inScenario("flaky")
                    .withRequestBody(matchingJsonPath("$.sourceEventId", equalTo(alert.getHeader().getEventId())))
                    .whenScenarioStateIs(state).willReturn(aResponse().withStatus(503))
                    .willSetStateTo("failed " + i));
            state = "failed " + i;
        }
        webhook.stubFor(post(urlEqualTo(HOOK)).atPriority(1).inScenario("flaky")
                .withRequestBody(matchingJsonPath("$.sourceEventId", equalTo(alert.getHeader().getEventId())))
                .whenScenarioStateIs(state).willReturn(aResponse().withStatus(200)));

        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);

        NotificationDelivered delivered = (NotificationDelivered)
                awaitOutcome(Topics.NOTIFICATION_DELIVERED, alert.getHeader()).value();
        assertThat(delivered.getAttempts()).isEqualTo(outages + 1);
        assertThat(postsFor(alert.getHeader())).hasSize(outages + 1);
        assertThat(webhook.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains(alert.getHeader().getEventId()))
                .filter(e -> e.getResponse().getStatus() == 200))
                .as("successful POSTs").hasSize(1);
        assertThat(probe.matching(Topics.NOTIFICATION_FAILED.name(),
                v -> ((NotificationFailed) v).getSourceEventId().equals(alert.getHeader().getEventId()))).isEmpty();
    }

    @Test
    void refusedNotificationIsNotRetriedAndReportedPermanentlyFailed() {
        AlertRaised alert = alert("database it-refused");
        webhook.stubFor(post(urlEqualTo(HOOK)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.sourceEventId", equalTo(alert.getHeader().getEventId())))
                .willReturn(aResponse().withStatus(400)));

        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);

        Seen<SpecificRecord> seen = awaitOutcome(Topics.NOTIFICATION_FAILED, alert.getHeader());
        NotificationFailed failed = (NotificationFailed) seen.value();
        assertThat(postsFor(alert.getHeader())).hasSize(1);
        assertThat(failed.getPermanent()).isTrue();
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getReason()).contains("HTTP 400").doesNotContain(SECRET).doesNotContain(HOOK);
        assertThat(seen.key()).isEqualTo(failed.getNotificationId());
        assertThat(probe.matching(Topics.NOTIFICATION_DELIVERED.name(),
                v -> ((NotificationDelivered) v).getSourceEventId().equals(alert.getHeader().getEventId()))).isEmpty();
    }

    @Test
    void sameEventPublishedTwiceIsPostedOnce() {
        AlertRaised duplicated = alert("database it-duplicate");
        AlertRaised later = alert("database it-duplicate");

        publish(Topics.ALERT_RAISED, duplicated.getAlertId(), duplicated);
        publish(Topics.ALERT_RAISED, duplicated.getAlertId(), duplicated);
        // another incident under the same key: same partition, so it is handled after both copies
        publish(Topics.ALERT_RAISED, duplicated.getAlertId(), later);
        awaitOutcome(Topics.NOTIFICATION_DELIVERED, later.getHeader());

        assertThat(postsFor(duplicated.getHeader())).hasSize(1);
        assertThat(probe.matching(Topics.NOTIFICATION_DELIVERED.name(),
                v -> ((NotificationDelivered) v).getSourceEventId().equals(duplicated.getHeader().getEventId())))
                .hasSize(1);
    }

    @Test
    void malformedRecordIsDeadLetteredAndTheConsumerCarriesOn() {
        String key = "poison-" + UUID.randomUUID();
        byte[] garbage = ("not Confluent wire format " + key).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ALERT_RAISED.name(), key, garbage));
        }
        AlertRaised good = alert("database it-after-poison");
        publish(Topics.ALERT_RAISED, good.getAlertId(), good);

        await().atMost(WAIT).untilAsserted(() -> assertThat(probe.all())
                .anySatisfy(s -> {
                    assertThat(s.topic()).isEqualTo(DLT);
                    assertThat(s.key()).isEqualTo(key);
                    assertThat(s.raw()).isEqualTo(garbage);
                }));
        awaitOutcome(Topics.NOTIFICATION_DELIVERED, good.getHeader());
        assertThat(postsFor(good.getHeader())).hasSize(1);
    }

    @Test
    void recordThatDecodesButCannotBeHandledIsDeadLetteredAsAnEvent() {
        // A valid BackupFailed record, in wire format with its own schema id, on the AlertRaised topic.
        BackupFailed misplaced = backupFailed();
        byte[] bytes;
        try (AvroEventSerializer serializer = new AvroEventSerializer(
                new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)))) {
            bytes = serializer.serialize(Topics.BACKUP_FAILED.name(), misplaced);
        }
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ALERT_RAISED.name(), misplaced.getBackupId(), bytes));
        }
        AlertRaised good = alert("database it-after-misplaced");
        publish(Topics.ALERT_RAISED, good.getAlertId(), good);

        Seen<SpecificRecord> dead = probe.await(DLT,
                v -> v instanceof BackupFailed f && f.getBackupId().equals(misplaced.getBackupId()), WAIT);
        assertThat(dead.key()).isEqualTo(misplaced.getBackupId());
        assertThat(dead.value()).isEqualTo(misplaced);
        awaitOutcome(Topics.NOTIFICATION_DELIVERED, good.getHeader());
        assertThat(postsFor(misplaced.getHeader())).isEmpty();
    }

    @Test
    void passedIntegrityCheckIsSilentAndAFailedOneIsNotified() throws Exception {
        String backupId = "b-" + UUID.randomUUID();
        IntegrityChecked passed = integrity(backupId, IntegrityOutcome.PASSED, List.of());
        IntegrityChecked corrupt = integrity(backupId, IntegrityOutcome.CORRUPT, List.of(Finding.newBuilder()
                .setObjectKey("data/database.pgdump").setOutcome(IntegrityOutcome.CORRUPT)
                .setExpected("aa").setActual("bb").setDetail("object 'data/database.pgdump' has the wrong SHA-256")
                .build()));

        publish(Topics.INTEGRITY_CHECKED, backupId, passed);
        publish(Topics.INTEGRITY_CHECKED, backupId, corrupt);
        awaitOutcome(Topics.NOTIFICATION_DELIVERED, corrupt.getHeader());

        assertThat(postsFor(passed.getHeader())).isEmpty();
        List<LoggedRequest> posts = postsFor(corrupt.getHeader());
        assertThat(posts).hasSize(1);
        JsonNode body = JSON.readTree(posts.get(0).getBody());
        assertThat(body.path("sourceEventType").asString()).isEqualTo("IntegrityChecked");
        assertThat(body.path("observedValue").asString()).isEqualTo("CORRUPT (1 problem(s))");
        assertThat(body.path("subject").asString()).isEqualTo("backup " + backupId + " at primary");
    }

    @Test
    void aFailedCheckAndTheAlertRaisedForItPageOnce() {
        String backupId = "b-" + UUID.randomUUID();
        IntegrityChecked corrupt = integrity(backupId, IntegrityOutcome.CORRUPT, List.of(Finding.newBuilder()
                .setObjectKey("data/database.pgdump").setOutcome(IntegrityOutcome.CORRUPT)
                .setExpected("aa").setActual("bb").setDetail("object 'data/database.pgdump' has the wrong SHA-256")
                .build()));
        AlertRaised raised = AlertRaised.newBuilder(alert("backup " + backupId + " at primary"))
                .setAlertId(AlertIds.integrity(backupId, "primary")).setRule(AlertIds.BACKUP_INTEGRITY).build();

        publish(Topics.INTEGRITY_CHECKED, backupId, corrupt);
        awaitOutcome(Topics.NOTIFICATION_DELIVERED, corrupt.getHeader());
        publish(Topics.ALERT_RAISED, raised.getAlertId(), raised);
        AlertRaised later = alert("marker-" + backupId);
        publish(Topics.ALERT_RAISED, later.getAlertId(), later);
        awaitOutcome(Topics.NOTIFICATION_DELIVERED, later.getHeader());

        assertThat(postsFor(corrupt.getHeader())).hasSize(1);
        assertThat(postsFor(raised.getHeader())).as("the same incident, already paged").isEmpty();
    }

    @Test
    void backupFailedAndDrDeclaredAreNotifiedToo() {
        BackupFailed backupFailed = backupFailed();
        DrDeclared drDeclared = DrDeclared.newBuilder()
                .setHeader(header())
                .setDrId("dr-" + UUID.randomUUID())
                .setTrigger(DrTrigger.PRIMARY_SITE_UNAVAILABLE)
                .setDeclaredBy("isms-owner")
                .setReason("primary region down for 45 min")
                .setDeclaredAt(Instant.now())
                .build();

        publish(Topics.BACKUP_FAILED, backupFailed.getBackupId(), backupFailed);
        publish(Topics.DR_DECLARED, drDeclared.getDrId(), drDeclared);

        assertThat(((NotificationDelivered) awaitOutcome(Topics.NOTIFICATION_DELIVERED, backupFailed.getHeader())
                .value()).getSourceEventType()).isEqualTo("BackupFailed");
        assertThat(((NotificationDelivered) awaitOutcome(Topics.NOTIFICATION_DELIVERED, drDeclared.getHeader())
                .value()).getSourceEventType()).isEqualTo("DrDeclared");
    }

    @Test
    void missingWebhookUrlStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> NotifierServiceApplication.builder().run(arguments(false)).close())
                .hasStackTraceContaining("lifeboat.notifier.webhook.url is required");
    }

    private static AlertRaised alert(String subject) {
        return AlertRaised.newBuilder()
                .setHeader(header())
                .setAlertId("BACKUP_AGE:" + subject + ":" + UUID.randomUUID())
                .setSeverity(Severity.CRITICAL)
                .setRule("BACKUP_AGE")
                .setSubject(subject)
                .setSummary("no successful backup of " + subject + " for 26.5 h")
                .setObservedValue("26.5 h since the last good backup")
                .setThreshold("25 h (policy 10.1)")
                .setRunbookStep("POL-ISMS-008 10.1: run a full backup now and find why the schedule did not")
                .build();
    }

    private static BackupFailed backupFailed() {
        return BackupFailed.newBuilder()
                .setHeader(header())
                .setBackupId("b-" + UUID.randomUUID())
                .setDataType(DataType.DATABASE_DUMP)
                .setSource("prosaas")
                .setReason(BackupFailureReason.DUMP_FAILED)
                .setDetail("pg_dump exited with 1")
                .setAttempt(1)
                .setNextAttemptAt(null)
                .build();
    }

    private static IntegrityChecked integrity(String backupId, IntegrityOutcome outcome, List<Finding> findings) {
        return IntegrityChecked.newBuilder()
                .setHeader(header())
                .setBackupId(backupId)
                .setLocation("primary")
                .setKind(CheckKind.ON_COMPLETION)
                .setOutcome(outcome)
                .setFindings(findings)
                .setBytesVerified(2048)
                .setDurationMillis(5)
                .build();
    }

    private static EventHeader header() {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setProducer(new Producer("it", "it-1"))
                .setCorrelationId("corr-" + UUID.randomUUID())
                .setPolicyId("POL-ISMS-008@1.0")
                .build();
    }

    private static <V extends SpecificRecord> void publish(Topic<V> topic, String key, V event) {
        try {
            events.send(new ProducerRecord<>(topic.name(), key, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic.name(), e);
        }
    }

    /** The outcome event (NotificationDelivered or NotificationFailed) for the event with {@code source}. */
    private static Seen<SpecificRecord> awaitOutcome(Topic<?> outcome, EventHeader source) {
        return probe.await(outcome.name(), v -> source.getEventId().equals(
                v instanceof NotificationDelivered d ? d.getSourceEventId()
                        : ((NotificationFailed) v).getSourceEventId()), WAIT);
    }

    private static List<LoggedRequest> postsFor(EventHeader source) {
        return webhook.findAll(postRequestedFor(urlEqualTo(HOOK))
                .withRequestBody(matchingJsonPath("$.sourceEventId", equalTo(source.getEventId()))));
    }

    private static String hmacSha256Hex(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
