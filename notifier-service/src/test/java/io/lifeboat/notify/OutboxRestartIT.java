package io.lifeboat.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.notify.NotificationEscalated;
import io.lifeboat.events.notify.NotificationFailed;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The outbox across restarts: the service is stopped (context closed) while Slack is down and notifications are
 * pending; after the restart each is delivered exactly once and nothing already delivered is sent again. And a
 * notification older than the maximum age is dead-lettered and the dead letter is alerted on other channels.
 */
class OutboxRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static WireMockServer http;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> probe;
    static KafkaProducer<String, SpecificRecord> events;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        http = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        http.start();
        http.stubFor(post(urlEqualTo("/hook")).atPriority(10).willReturn(aResponse().withStatus(200)));
        http.stubFor(post(urlEqualTo("/slack")).atPriority(10).willReturn(aResponse().withStatus(200)));
        http.stubFor(post(urlPathMatching("/2010-04-01/Accounts/AC9/(Messages|Calls)\\.json")).atPriority(10)
                .willReturn(aResponse().withStatus(201)));
        app = startApp("1h");
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        probe = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.NOTIFICATION_DELIVERED.name(), Topics.NOTIFICATION_FAILED.name(),
                        Topics.NOTIFICATION_ESCALATED.name()));
        events = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new AvroEventSerializer(client));
    }

    private static ConfigurableApplicationContext startApp(String maxAge, String... more) {
        List<String> p = new ArrayList<>(List.of(
                "server.port=0",
                "spring.jmx.enabled=false",
                "spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "lifeboat.schema-registry.url=" + registry.url(),
                "lifeboat.schema-registry.startup-wait=30s",
                "lifeboat.policy.file=../config/policy.yml",
                "lifeboat.notifier.webhook.url=" + http.baseUrl() + "/hook",
                "lifeboat.notifier.channels.slack.url=" + http.baseUrl() + "/slack",
                "lifeboat.notifier.delivery.outbox-directory=" + work.resolve("outbox"),
                "lifeboat.notifier.delivery.redeliver-every=300ms",
                "lifeboat.notifier.delivery.max-age=" + maxAge,
                "resilience4j.retry.configs.default.max-attempts=2",
                "resilience4j.retry.configs.default.wait-duration=50ms",
                "resilience4j.circuitbreaker.configs.default.sliding-window-size=1000",
                "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=1000"));
        for (String m : more) {
            String key = m.substring(0, m.indexOf('=') + 1);
            p.removeIf(existing -> existing.startsWith(key));
            p.add(m);
        }
        return NotifierServiceApplication.builder().run(p.stream().map(a -> "--" + a).toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, probe, app, () -> http.stop(), registry, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void notificationsPendingWhenTheServiceStopsAreDeliveredExactlyOnceAfterTheRestart() throws Exception {
        List<AlertRaised> alerts = new ArrayList<>();
        List<StubMapping> outage = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AlertRaised a = ChannelsIT.alert(Severity.CRITICAL, "it-restart-" + i);
            alerts.add(a);
            outage.add(http.stubFor(post(urlEqualTo("/slack")).atPriority(1)
                    .withRequestBody(containing(a.getAlertId())).willReturn(aResponse().withStatus(503))));
            events.send(new ProducerRecord<>(Topics.ALERT_RAISED.name(), a.getAlertId(), a)).get();
        }
        for (AlertRaised a : alerts) {
            await().atMost(WAIT).until(() -> slack(a).size() >= 2);
            awaitDelivered(Notification.idFor(a.getAlertId(), "webhook"));
        }
        assertThat(pendingFiles()).as("undelivered notifications in the outbox").isNotEmpty();

        app.close();
        outage.forEach(http::removeStub);
        app = startApp("1h");

        for (AlertRaised a : alerts) {
            awaitDelivered(Notification.idFor(a.getAlertId(), "slack@internal-team"));
        }
        for (AlertRaised a : alerts) {
            assertThat(http.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals("/slack")
                    && e.getRequest().getBodyAsString().contains(a.getAlertId())
                    && e.getResponse().getStatus() == 200)).as("Slack pages of " + a.getAlertId()).hasSize(1);
            assertThat(http.findAll(postRequestedFor(urlEqualTo("/hook"))
                    .withRequestBody(containing(a.getAlertId())))).as("webhook POSTs").hasSize(1);
            assertThat(probe.matching(Topics.NOTIFICATION_DELIVERED.name(),
                    v -> ((NotificationDelivered) v).getNotificationId()
                            .equals(Notification.idFor(a.getAlertId(), "slack@internal-team")))).hasSize(1);
        }
    }

    @Test
    void aNotificationPastTheMaximumAgeIsDeadLetteredAndThatIsAlerted() {
        app.close();
        app = startApp("2s");
        AlertRaised a = ChannelsIT.alert(Severity.CRITICAL, "it-dead-letter");
        http.stubFor(post(urlEqualTo("/slack")).atPriority(1).withRequestBody(containing(a.getAlertId()))
                .willReturn(aResponse().withStatus(503)));

        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(Topics.ALERT_RAISED.name(),
                a.getAlertId(), a);
        events.send(record);

        String id = Notification.idFor(a.getAlertId(), "slack@internal-team");
        NotificationFailed failed = (NotificationFailed) probe.await(Topics.NOTIFICATION_FAILED.name(),
                v -> ((NotificationFailed) v).getNotificationId().equals(id), WAIT).value();
        assertThat(failed.getPermanent()).isFalse();
        // the last failure is the 503 or, once enough attempts failed, the open breaker
        assertThat(failed.getReason()).startsWith("dead-lettered").containsAnyOf("HTTP 503", "circuit breaker");
        await().atMost(WAIT).untilAsserted(() -> assertThat(http.findAll(postRequestedFor(urlEqualTo("/hook"))
                .withRequestBody(containing("dead-letter:" + id)))).hasSize(1));
    }

    /**
     * Uses a copy of config/policy.yml that escalates after 20s instead of 15m, and waits that long twice: for the
     * unacknowledged alert, then for a marker raised after it (the acknowledgement comes well before).
     */
    @Test
    void anUnacknowledgedCriticalEscalatesToManagementAndAnAcknowledgedOneDoesNot() throws Exception {
        Path policy = work.resolve("policy-20s.yml");
        Files.writeString(policy, Files.readString(Path.of("../config/policy.yml"))
                .replace("escalate-unacknowledged-after: 15m", "escalate-unacknowledged-after: 20s"));
        app.close();
        app = startApp("1h", "lifeboat.policy.file=" + policy,
                "lifeboat.notifier.delivery.escalation-check-every=500ms",
                "lifeboat.notifier.channels.twilio.base-url=" + http.baseUrl(),
                "lifeboat.notifier.channels.twilio.account-sid=AC9",
                "lifeboat.notifier.channels.twilio.auth-token=t",
                "lifeboat.notifier.channels.twilio.from=+15550000000",
                "lifeboat.notifier.channels.twilio.recipients.management[0]=+15559999999",
                "lifeboat.notifier.acknowledgement.operators[0].name=it-operator",
                "lifeboat.notifier.acknowledgement.operators[0].token-sha256=" + ChannelsIT.sha256Hex("ack-token"));
        AlertRaised unacknowledged = ChannelsIT.alert(Severity.CRITICAL, "it-escalate");
        AlertRaised acknowledged = ChannelsIT.alert(Severity.CRITICAL, "it-acknowledged");
        for (AlertRaised a : List.of(unacknowledged, acknowledged)) {
            events.send(new ProducerRecord<>(Topics.ALERT_RAISED.name(), a.getAlertId(), a)).get();
            awaitDelivered(Notification.idFor(a.getAlertId(), "slack@internal-team"));
        }
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/alerts/" + acknowledged.getAlertId().replace(":", "%3A")
                                + "/acknowledgement"))
                .header("Authorization", "Bearer ack-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).isEqualTo(200);

        NotificationEscalated escalated = (NotificationEscalated) probe.await(
                Topics.NOTIFICATION_ESCALATED.name(),
                v -> ((NotificationEscalated) v).getAlertId().equals(unacknowledged.getAlertId()),
                Duration.ofSeconds(120)).value();
        assertThat(escalated.getStakeholder()).isEqualTo("management");
        assertThat(escalated.getChannels()).contains("sms", "voice");
        awaitDelivered(Notification.idFor(unacknowledged.getAlertId(), "sms@management"));
        assertThat(http.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/AC9/Messages.json"))
                .withRequestBody(containing("To=%2B15559999999")))).anySatisfy(r ->
                assertThat(r.getBodyAsString()).contains("it-escalate"));
        // a marker raised now, well after the acknowledged alert, escalates after it would have: once the marker's
        // escalation is seen (one partition), an escalation of the acknowledged alert would have been seen before
        AlertRaised marker = ChannelsIT.alert(Severity.CRITICAL, "it-escalate-marker");
        events.send(new ProducerRecord<>(Topics.ALERT_RAISED.name(), marker.getAlertId(), marker)).get();
        probe.await(Topics.NOTIFICATION_ESCALATED.name(),
                v -> ((NotificationEscalated) v).getAlertId().equals(marker.getAlertId()), Duration.ofSeconds(120));
        assertThat(probe.matching(Topics.NOTIFICATION_ESCALATED.name(),
                v -> ((NotificationEscalated) v).getAlertId().equals(acknowledged.getAlertId()))).isEmpty();
    }

    private static List<?> slack(AlertRaised a) {
        return http.findAll(postRequestedFor(urlEqualTo("/slack")).withRequestBody(containing(a.getAlertId())));
    }

    private static List<Path> pendingFiles() throws Exception {
        try (Stream<Path> s = Files.list(work.resolve("outbox").resolve("pending"))) {
            return s.toList();
        }
    }

    private static void awaitDelivered(String id) {
        probe.await(Topics.NOTIFICATION_DELIVERED.name(),
                v -> ((NotificationDelivered) v).getNotificationId().equals(id), WAIT);
    }
}
