package io.lifeboat.notify.channel.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Measurement;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One POST against a real HTTP server (WireMock): what is sent, and how each kind of answer is classified. */
class WebhookSenderTest {

    /** The path stands for a token-bearing webhook URL: it must never show up in a failure reason. */
    private static final String PATH = "/services/T000/token-in-path";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Notification NOTIFICATION = Notification.of(new Alert(
            new Source("7d4a1c9e-1111-4222-8333-444455556666", "AlertRaised", "backup-42",
                    Instant.parse("2025-03-04T05:06:07Z")),
            Severity.WARNING, "STORAGE_CAPACITY: primary", "primary storage is 83% full",
            new Measurement("83%", "80% (policy 10.1)"), "location primary", "free space or add capacity"),
            "webhook");

    static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @Test
    void postsTheNotificationAsJsonWithItsIdAndSignature() throws Exception {
        answer(aResponse().withStatus(204));

        sender(Optional.of(new WebhookSignature("k3y"))).send(NOTIFICATION);

        LoggedRequest request = onlyRequest();
        JsonNode body = JSON.readTree(request.getBody());
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader(WebhookSender.NOTIFICATION_ID_HEADER)).isEqualTo(NOTIFICATION.id());
        assertThat(request.getHeader(WebhookSignature.HEADER))
                .isEqualTo(new WebhookSignature("k3y").sign(request.getBody()));
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("notificationId").asString()).isEqualTo(NOTIFICATION.id());
        assertThat(body.path("severity").asString()).isEqualTo("WARNING");
        assertThat(body.path("observedValue").asString()).isEqualTo("83%");
        assertThat(body.path("threshold").asString()).isEqualTo("80% (policy 10.1)");
        assertThat(body.path("runbookStep").asString()).isEqualTo("free space or add capacity");
        assertThat(body.path("occurredAt").asString()).isEqualTo("2025-03-04T05:06:07Z");
        assertThat(body.path("correlationId").asString()).isEqualTo("backup-42");
    }

    @Test
    void unsignedWhenNoSecretIsConfigured() throws Exception {
        answer(aResponse().withStatus(200));

        sender(Optional.empty()).send(NOTIFICATION);

        assertThat(onlyRequest().containsHeader(WebhookSignature.HEADER)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void overloadedOrBrokenReceiverIsTransient(int status) {
        answer(aResponse().withStatus(status));

        ChannelFailure failure = failureOf(sender(Optional.empty()));

        assertThat(failure.isPermanent()).isFalse();
        assertThat(failure.reason()).contains("HTTP " + status).doesNotContain(PATH);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 400, 401, 403, 404, 410, 422})
    void refusalIsPermanent(int status) {
        answer(aResponse().withStatus(status));

        ChannelFailure failure = failureOf(sender(Optional.empty()));

        assertThat(failure.isPermanent()).isTrue();
        assertThat(failure.reason()).contains("HTTP " + status).doesNotContain(PATH);
    }

    @Test
    void connectionResetIsTransient() {
        answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        ChannelFailure failure = failureOf(sender(Optional.empty()));

        assertThat(failure.isPermanent()).isFalse();
        assertThat(failure.reason()).startsWith("I/O error on webhook " + origin()).doesNotContain(PATH);
    }

    @Test
    void slowAnswerTimesOutAndIsTransient() {
        answer(aResponse().withStatus(200).withFixedDelay(2_000));

        ChannelFailure failure = failureOf(sender(Optional.empty()));

        assertThat(failure.isPermanent()).isFalse();
        assertThat(failure.reason()).startsWith("webhook " + origin() + " timed out");
    }

    @Test
    void aRetryAfterDateIsMeasuredFromTheClockTheSenderIsGiven() {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "Sun, 01 Mar 2026 12:01:30 GMT"));
        WebhookSender sender = new WebhookSender(WebhookSender.client(Duration.ofSeconds(1)),
                URI.create(origin() + PATH), Duration.ofMillis(500), Optional.empty(), JSON,
                Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

        assertThat(failureOf(sender).retryAfter()).contains(Duration.ofSeconds(90));
    }

    @Test
    void refusedConnectionIsTransient() {
        URI nobody = URI.create("http://127.0.0.1:1" + PATH);
        WebhookSender sender = new WebhookSender(WebhookSender.client(Duration.ofSeconds(1)), nobody,
                Duration.ofSeconds(1), Optional.empty(), JSON, Clock.systemUTC());

        ChannelFailure failure = failureOf(sender);

        assertThat(failure.isPermanent()).isFalse();
        assertThat(failure.reason()).contains("ConnectException").doesNotContain(PATH);
    }

    private static void answer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static ChannelFailure failureOf(WebhookSender sender) {
        ChannelFailure failure = catchThrowableOfType(ChannelFailure.class, () -> sender.send(NOTIFICATION));
        assertThat(failure).as("a ChannelFailure").isNotNull();
        return failure;
    }

    private static String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    private static WebhookSender sender(Optional<WebhookSignature> signature) {
        return new WebhookSender(WebhookSender.client(Duration.ofSeconds(1)), URI.create(origin() + PATH),
                Duration.ofMillis(500), signature, JSON, Clock.systemUTC());
    }
}
