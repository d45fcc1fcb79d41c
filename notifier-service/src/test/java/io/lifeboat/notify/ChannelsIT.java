package io.lifeboat.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import io.lifeboat.events.common.Severity;
import io.lifeboat.events.notify.AlertAcknowledged;
import io.lifeboat.events.notify.NotificationDelivered;
import io.lifeboat.events.notify.NotificationFailed;
import io.lifeboat.events.verify.AlertRaised;
import io.lifeboat.events.verify.AlertResolved;
import io.lifeboat.infra.kafka.KafkaBroker;
import io.lifeboat.infra.kafka.TopicProbe;
import io.lifeboat.infra.registry.SchemaRegistryServer;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.serde.AvroEventDeserializer;
import io.lifeboat.schemas.serde.AvroEventSerializer;
import io.lifeboat.schemas.topic.Topic;
import io.lifeboat.schemas.topic.Topics;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every channel against stand-ins that speak its protocol (WireMock for Slack, PagerDuty, Twilio, the status
 * page and the webhook; GreenMail for SMTP), with faults injected, a real broker and the real config/policy.yml.
 * Each test uses its own alert ids and subjects and counts only requests that name them.
 */
class ChannelsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "it-operator-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BULKHEAD = 4;

    @TempDir
    static Path work;
    static KafkaBroker broker;
    static SchemaRegistryServer registry;
    static WireMockServer http;
    static GreenMail smtp;
    static ConfigurableApplicationContext app;
    static TopicProbe<SpecificRecord> probe;
    static KafkaProducer<String, SpecificRecord> events;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(work.resolve("kafka"));
        registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
        http = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(40));
        http.start();
        http.stubFor(post(urlEqualTo("/hook")).atPriority(10).willReturn(aResponse().withStatus(200)));
        http.stubFor(post(urlEqualTo("/slack")).atPriority(10).willReturn(aResponse().withStatus(200)
                .withBody("ok")));
        http.stubFor(post(urlEqualTo("/pd/v2/enqueue")).atPriority(10).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\"}")));
        http.stubFor(post(urlPathMatching("/2010-04-01/Accounts/AC123/(Messages|Calls)\\.json")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM1\"}")));
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        app = startApp();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        probe = TopicProbe.start(broker.bootstrapServers(), new AvroEventDeserializer(client),
                List.of(Topics.NOTIFICATION_DELIVERED.name(), Topics.NOTIFICATION_FAILED.name(),
                        Topics.ALERT_ACKNOWLEDGED.name()));
        events = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new AvroEventSerializer(client));
    }

    private static ConfigurableApplicationContext startApp() {
        List<String> p = new ArrayList<>(List.of(
                "server.port=0",
                "spring.jmx.enabled=false",
                "spring.cloud.stream.kafka.binder.brokers=" + broker.bootstrapServers(),
                "spring.cloud.stream.default.consumer.back-off-initial-interval=100",
                "lifeboat.schema-registry.url=" + registry.url(),
                "lifeboat.schema-registry.startup-wait=30s",
                "lifeboat.policy.file=../config/policy.yml",
                "lifeboat.notifier.webhook.url=" + http.baseUrl() + "/hook",
                "lifeboat.notifier.webhook.read-timeout=1s",
                "lifeboat.notifier.channels.http.read-timeout=1s",
                "lifeboat.notifier.channels.slack.url=" + http.baseUrl() + "/slack",
                "lifeboat.notifier.channels.pagerduty.url=" + http.baseUrl() + "/pd/v2/enqueue",
                "lifeboat.notifier.channels.pagerduty.routing-key=it-routing-key",
                "lifeboat.notifier.channels.twilio.base-url=" + http.baseUrl(),
                "lifeboat.notifier.channels.twilio.account-sid=AC123",
                "lifeboat.notifier.channels.twilio.auth-token=it-twilio-token",
                "lifeboat.notifier.channels.twilio.from=+15550000000",
                "lifeboat.notifier.channels.twilio.recipients.internal-team[0]=+15550000001",
                "lifeboat.notifier.channels.twilio.recipients.management[0]=+15550000002",
                "lifeboat.notifier.channels.email.from=lifeboat@example.com",
                "lifeboat.notifier.channels.email.recipients.internal-team[0]=oncall@example.com",
                "lifeboat.notifier.channels.email.recipients.management[0]=cto@example.com",
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + smtp.getSmtp().getPort(),
                "lifeboat.notifier.delivery.outbox-directory=" + work.resolve("outbox"),
                "lifeboat.notifier.delivery.redeliver-every=300ms",
                "lifeboat.notifier.delivery.warning-window=1s",
                "lifeboat.notifier.acknowledgement.operators[0].name=it-operator",
                "lifeboat.notifier.acknowledgement.operators[0].token-sha256=" + sha256Hex(TOKEN),
                "resilience4j.retry.configs.default.max-attempts=4",
                "resilience4j.retry.configs.default.wait-duration=100ms",
                "resilience4j.retry.configs.default.exponential-max-wait-duration=400ms",
                "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=50",
                "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=1s",
                "resilience4j.bulkhead.configs.default.max-concurrent-calls=" + BULKHEAD));
        return NotifierServiceApplication.builder().run(p.stream().map(a -> "--" + a).toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {events, probe, app, () -> smtp.stop(), () -> http.stop(),
                registry, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the next resource still gets closed
            }
        }
    }

    @BeforeEach
    void purgeMail() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void slackAnswering503ForAWhileThen200IsDeliveredExactlyOnce() {
        AlertRaised alert = alert(Severity.CRITICAL, "it-slack-flaky");
        StubMapping outage = http.stubFor(post(urlEqualTo("/slack")).atPriority(1)
                .withRequestBody(containing(alert.getAlertId())).willReturn(aResponse().withStatus(503)));

        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);
        await().atMost(WAIT).until(() -> requests("/slack", alert.getAlertId()).size() >= 5);
        http.removeStub(outage);

        String id = Notification.idFor(alert.getAlertId(), "slack@internal-team");
        awaitDelivered(id);
        assertThat(responses("/slack", alert.getAlertId(), 200)).isEqualTo(1);
        assertThat(delivered(id)).hasSize(1);
    }

    @Test
    void pagerDuty429WithRetryAfterIsHonouredAndThePayloadIsEventsV2() throws Exception {
        AlertRaised alert = alert(Severity.CRITICAL, "it-pd-429");
        http.stubFor(post(urlEqualTo("/pd/v2/enqueue")).atPriority(1).inScenario("pd-429")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withRequestBody(containing(alert.getAlertId()))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("throttled"));

        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);
        awaitDelivered(Notification.idFor(alert.getAlertId(), "pagerduty"));

        List<LoggedRequest> attempts = requests("/pd/v2/enqueue", alert.getAlertId());
        assertThat(attempts).hasSize(2);
        Duration gap = Duration.between(attempts.get(0).getLoggedDate().toInstant(),
                attempts.get(1).getLoggedDate().toInstant());
        assertThat(gap).as("wait after 429 with Retry-After: 2").isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        JsonNode event = JSON.readTree(attempts.get(1).getBody());
        assertThat(event.path("routing_key").asString()).isEqualTo("it-routing-key");
        assertThat(event.path("event_action").asString()).isEqualTo("trigger");
        assertThat(event.path("dedup_key").asString()).isEqualTo(alert.getAlertId());
        JsonNode payload = event.path("payload");
        assertThat(payload.path("summary").asString()).contains("BACKUP_AGE");
        assertThat(payload.path("source").asString()).isNotBlank();
        assertThat(payload.path("severity").asString()).isEqualTo("critical");
        assertThat(payload.path("custom_details").path("observed").asString())
                .isEqualTo(alert.getObservedValue());
        assertThat(payload.path("custom_details").path("threshold").asString()).isEqualTo(alert.getThreshold());
        assertThat(payload.path("custom_details").path("runbook_step").asString())
                .isEqualTo(alert.getRunbookStep());
        assertThat(payload.path("custom_details").path("affected").asString()).isEqualTo(alert.getSubject());
    }

    @Test
    void pagerDutyResolvesTheIncidentWithTheSameDedupKey() throws Exception {
        AlertRaised alert = alert(Severity.CRITICAL, "it-pd-resolve");
        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);
        awaitDelivered(Notification.idFor(alert.getAlertId(), "pagerduty"));

        AlertResolved resolved = AlertResolved.newBuilder().setHeader(header()).setAlertId(alert.getAlertId())
                .setRule(alert.getRule()).setSubject(alert.getSubject()).setObservedValue("2 h").build();
        publish(Topics.ALERT_RESOLVED, resolved.getAlertId(), resolved);
        awaitDelivered(Notification.idFor(alert.getAlertId() + "#resolved", "pagerduty"));

        List<String> actions = new ArrayList<>();
        for (LoggedRequest r : requests("/pd/v2/enqueue", alert.getAlertId())) {
            JsonNode e = JSON.readTree(r.getBody());
            if (e.path("dedup_key").asString().equals(alert.getAlertId())) {
                actions.add(e.path("event_action").asString());
            }
        }
        assertThat(actions).containsExactly("trigger", "resolve");
        assertThat(requests("/hook", alert.getAlertId())).as("the webhook keeps one POST per incident").hasSize(1);

        // raised again after it was resolved: a new episode, paged again under its own key
        AlertRaised again = AlertRaised.newBuilder(alert).setHeader(header()).build();
        publish(Topics.ALERT_RAISED, again.getAlertId(), again);
        awaitDelivered(Notification.idFor(alert.getAlertId() + "~1", "pagerduty"));
        List<LoggedRequest> pd = requests("/pd/v2/enqueue", alert.getAlertId());
        assertThat(JSON.readTree(pd.get(pd.size() - 1).getBody()).path("dedup_key").asString())
                .isEqualTo(alert.getAlertId() + "~1");
        awaitDelivered(Notification.idFor(alert.getAlertId() + "~1", "webhook"));
        assertThat(requests("/hook", alert.getAlertId())).hasSize(2);
    }

    @Test
    void connectionResetsAndTimeoutsAreRetried() {
        AlertRaised alert = alert(Severity.WARNING, "it-slack-faults");
        String scenario = "faults-" + alert.getAlertId();
        http.stubFor(post(urlEqualTo("/slack")).atPriority(1).inScenario(scenario)
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withRequestBody(containing(alert.getAlertId()))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset"));
        http.stubFor(post(urlEqualTo("/slack")).atPriority(1).inScenario(scenario).whenScenarioStateIs("reset")
                .withRequestBody(containing(alert.getAlertId()))
                .willReturn(aResponse().withStatus(200).withFixedDelay(2_500)).willSetStateTo("slow"));

        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);

        NotificationDelivered d = awaitDelivered(Notification.idFor(alert.getAlertId(), "slack@internal-team"));
        assertThat(http.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains(alert.getAlertId())
                        && e.getRequest().getUrl().equals("/slack"))
                .map(e -> e.getResponse().getStatus() + "/" + e.getTiming())).hasSize(3);
        // every request reached the server (reset, timed out, answered); the JDK client itself re-sends a request
        // whose pooled connection is reset, so how many of them were this service's own attempts varies
        assertThat(d.getAttempts()).isBetween(1, 3);
    }

    @Test
    void warningsWithinTheWindowGoOutAsOneDigestWhileTheWebhookGetsEachAtOnce() {
        List<AlertRaised> warnings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            warnings.add(alert(Severity.WARNING, "it-digest-" + i));
        }
        warnings.forEach(w -> publish(Topics.ALERT_RAISED, w.getAlertId(), w));

        for (AlertRaised w : warnings) {
            awaitDelivered(Notification.idFor(w.getAlertId(), "slack@internal-team"));
            assertThat(requests("/hook", w.getAlertId())).hasSize(1);
        }
        List<LoggedRequest> digests = http.findAll(postRequestedFor(urlEqualTo("/slack"))
                .withRequestBody(containing("it-digest-0")));
        assertThat(digests).hasSize(1);
        assertThat(digests.get(0).getBodyAsString()).contains(warnings.get(1).getAlertId())
                .contains(warnings.get(2).getAlertId()).contains("3 warning alerts")
                .contains(warnings.get(0).getRunbookStep());
    }

    @Test
    void permanent400IsNotRetriedAndReportedFailed() {
        AlertRaised alert = alert(Severity.CRITICAL, "it-pd-400");
        http.stubFor(post(urlEqualTo("/pd/v2/enqueue")).atPriority(1).withRequestBody(containing(alert.getAlertId()))
                .willReturn(aResponse().withStatus(400).withBody("{\"status\":\"invalid event\"}")));

        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);

        String id = Notification.idFor(alert.getAlertId(), "pagerduty");
        NotificationFailed failed = (NotificationFailed) probe.await(Topics.NOTIFICATION_FAILED.name(),
                v -> ((NotificationFailed) v).getNotificationId().equals(id), WAIT).value();
        assertThat(failed.getPermanent()).isTrue();
        assertThat(failed.getAttempts()).isEqualTo(1);
        assertThat(failed.getReason()).contains("HTTP 400").doesNotContain("it-routing-key");
        // the other channels are unaffected
        awaitDelivered(Notification.idFor(alert.getAlertId(), "webhook"));
        assertThat(requests("/pd/v2/enqueue", alert.getAlertId())).hasSize(1);
    }

    @Test
    void sameAlertRaisedTwiceAndTheSameIncidentAgainPageOncePerChannel() {
        AlertRaised first = alert(Severity.CRITICAL, "it-twice");
        AlertRaised sameIncidentNewEvent = AlertRaised.newBuilder(first).setHeader(header()).build();

        publish(Topics.ALERT_RAISED, first.getAlertId(), first);
        publish(Topics.ALERT_RAISED, first.getAlertId(), first);
        publish(Topics.ALERT_RAISED, first.getAlertId(), sameIncidentNewEvent);
        AlertRaised marker = alert(Severity.CRITICAL, "it-twice-marker");
        publish(Topics.ALERT_RAISED, first.getAlertId(), marker);
        for (String channel : List.of("webhook", "pagerduty", "slack@internal-team", "sms@internal-team",
                "voice@internal-team")) {
            awaitDelivered(Notification.idFor(marker.getAlertId(), channel));
        }
        await().atMost(WAIT).until(() -> !delivered(Notification.idFor(first.getAlertId(), "voice@internal-team"))
                .isEmpty());

        assertThat(requests("/hook", first.getAlertId())).hasSize(1);
        assertThat(requests("/pd/v2/enqueue", first.getAlertId())).hasSize(1);
        assertThat(requests("/slack", first.getAlertId())).hasSize(1);
        assertThat(twilio("Messages.json", "it-twice ")).hasSize(1);
        assertThat(twilio("Calls.json", "it-twice ")).hasSize(1);
    }

    @Test
    void smsAndVoiceGoThroughTwilioWithBasicAuth() {
        AlertRaised alert = alert(Severity.CRITICAL, "it-phone");
        publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);
        awaitDelivered(Notification.idFor(alert.getAlertId(), "voice@internal-team"));
        awaitDelivered(Notification.idFor(alert.getAlertId(), "sms@internal-team"));

        LoggedRequest sms = twilio("Messages.json", "it-phone ").get(0);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "AC123:it-twilio-token".getBytes(StandardCharsets.UTF_8));
        assertThat(sms.getHeader("Authorization")).isEqualTo(basic);
        assertThat(sms.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sms.getBodyAsString()).contains("To=%2B15550000001").contains("From=%2B15550000000")
                .contains("Body=");
        String body = java.net.URLDecoder.decode(sms.getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(body).contains(alert.getObservedValue()).contains(alert.getThreshold())
                .contains(alert.getRunbookStep());
        LoggedRequest call = twilio("Calls.json", "it-phone ").get(0);
        assertThat(java.net.URLDecoder.decode(call.getBodyAsString(), StandardCharsets.UTF_8))
                .contains("Twiml=<Response><Say>");
    }

    @Test
    void whileSlacksBreakerIsOpenEmailCarriesTheAlertAndSlackStillGetsItLater() throws Exception {
        CircuitBreaker slack = app.getBean(CircuitBreakerRegistry.class).circuitBreaker("slack");
        slack.transitionToForcedOpenState();
        AlertRaised alert = alert(Severity.CRITICAL, "it-fallback");
        try {
            publish(Topics.ALERT_RAISED, alert.getAlertId(), alert);
            awaitDelivered(Notification.idFor(alert.getAlertId(), "email@internal-team"));
            assertThat(requests("/slack", alert.getAlertId())).isEmpty();
        } finally {
            slack.transitionToClosedState();
        }
        awaitDelivered(Notification.idFor(alert.getAlertId(), "slack@internal-team"));
        assertThat(requests("/slack", alert.getAlertId())).hasSize(1);

        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> GreenMailUtil.getBody(m).contains(alert.getAlertId()) || subject(m).contains("it-fallback"))
                .findFirst().orElseThrow();
        assertThat(subject(mail)).contains("[CRITICAL]").contains("it-fallback");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
        String raw = GreenMailUtil.getWholeMessage(mail);
        assertThat(raw).contains("text/plain").contains("text/html");
        String plain = GreenMailUtil.getBody(mail);
        assertThat(java.util.regex.Pattern.compile("=\\r?\\n").matcher(plain).replaceAll(""))
                .contains("Severity: CRITICAL").contains("Runbook: POL-ISMS-008 10.1: run a full backup now");
    }

    @Test
    void acknowledgementNeedsAnOperatorTokenAndIsPublished() throws Exception {
        String alertId = "BACKUP_AGE:it-ack:" + UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        String port = app.getEnvironment().getProperty("local.server.port");
        URI uri = URI.create("http://127.0.0.1:" + port + "/alerts/" + alertId.replace(":", "%3A")
                + "/acknowledgement");

        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(ok.statusCode()).isEqualTo(200);
        AlertAcknowledged ack = (AlertAcknowledged) probe.await(Topics.ALERT_ACKNOWLEDGED.name(),
                v -> ((AlertAcknowledged) v).getAlertId().equals(alertId), WAIT).value();
        assertThat(ack.getAcknowledgedBy()).isEqualTo("it-operator");
    }

    @Test
    void aBurstOfAThousandAlertsIsDeliveredWithBoundedConcurrencyAndNoneLost() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Future<?>> sent = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            AlertRaised a = AlertRaised.newBuilder(alert(Severity.INFO, "burst-" + run + "-" + i))
                    .setAlertId("BURST:" + run + ":" + i).build();
            ids.add(Notification.idFor(a.getAlertId(), "webhook"));
            sent.add(events.send(new ProducerRecord<>(Topics.ALERT_RAISED.name(), a.getAlertId(), a)));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        int[] maxWorkers = {0};
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            maxWorkers[0] = Math.max(maxWorkers[0], (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("notify-webhook-")).count());
            return probe.matching(Topics.NOTIFICATION_DELIVERED.name(),
                    v -> ((NotificationDelivered) v).getNotificationId().startsWith("")
                            && ((NotificationDelivered) v).getChannel().equals("webhook")
                            && ids.contains(((NotificationDelivered) v).getNotificationId())).size() >= 1000;
        });
        List<ServeEvent> posts = http.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/hook")
                        && e.getRequest().getBodyAsString().contains("BURST:" + run + ":"))
                .toList();
        assertThat(posts).hasSize(1000);
        assertThat(maxWorkers[0]).as("webhook worker threads").isLessThanOrEqualTo(BULKHEAD);
        assertThat(maxConcurrent(posts)).as("requests in flight at once").isLessThanOrEqualTo(BULKHEAD);
    }

    /** Requests whose [received, received + total time] intervals overlap the most. */
    private static int maxConcurrent(List<ServeEvent> events) {
        List<long[]> edges = new ArrayList<>();
        for (ServeEvent e : events) {
            long start = e.getRequest().getLoggedDate().getTime();
            long end = start + Math.max(0, e.getTiming() == null ? 0 : e.getTiming().getServeTime());
            edges.add(new long[] {start, 1});
            edges.add(new long[] {end, -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static NotificationDelivered awaitDelivered(String notificationId) {
        return (NotificationDelivered) probe.await(Topics.NOTIFICATION_DELIVERED.name(),
                v -> ((NotificationDelivered) v).getNotificationId().equals(notificationId), WAIT).value();
    }

    static List<?> delivered(String notificationId) {
        return probe.matching(Topics.NOTIFICATION_DELIVERED.name(),
                v -> ((NotificationDelivered) v).getNotificationId().equals(notificationId));
    }

    static List<LoggedRequest> requests(String path, String text) {
        return http.findAll(postRequestedFor(urlEqualTo(path)).withRequestBody(containing(text)));
    }

    static long responses(String path, String text, int status) {
        return http.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(path) && e.getRequest().getBodyAsString().contains(text))
                .filter(e -> e.getResponse().getStatus() == status).count();
    }

    static List<LoggedRequest> twilio(String resource, String subjectText) {
        return http.findAll(postRequestedFor(urlEqualTo("/2010-04-01/Accounts/AC123/" + resource))).stream()
                .filter(r -> java.net.URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8)
                        .contains(subjectText))
                .toList();
    }

    static AlertRaised alert(Severity severity, String subject) {
        return AlertRaised.newBuilder()
                .setHeader(header())
                .setAlertId("BACKUP_AGE:" + subject + ":" + UUID.randomUUID())
                .setSeverity(severity)
                .setRule("BACKUP_AGE")
                .setSubject(subject + " database")
                .setSummary("no successful backup of " + subject + " for 26.5 h")
                .setObservedValue("26.5 h since the last good backup")
                .setThreshold("25 h (policy 10.1)")
                .setRunbookStep("POL-ISMS-008 10.1: run a full backup now and find why the schedule did not")
                .build();
    }

    static EventHeader header() {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now())
                .setProducer(new Producer("it", "it-1"))
                .setCorrelationId("corr-" + UUID.randomUUID())
                .setPolicyId("POL-ISMS-008@1.0")
                .build();
    }

    static <V extends SpecificRecord> void publish(Topic<V> topic, String key, V event) {
        try {
            events.send(new ProducerRecord<>(topic.name(), key, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic.name(), e);
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
