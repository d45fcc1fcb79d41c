package io.lifeboat.notify.channel.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Twilio channel against a WireMock stand-in for Twilio's REST API. */
class TwilioSenderIT {

    private static final String MESSAGES = "/2010-04-01/Accounts/AC1/Messages.json";

    @RegisterExtension
    final WireMockExtension api = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path reached;

    @Test
    void aRetryAfterAFailedNumberReachesOnlyTheNumbersNotReachedYet() throws Exception {
        api.stubFor(post(urlEqualTo(MESSAGES)).atPriority(5).willReturn(aResponse().withStatus(201)));
        api.stubFor(post(urlEqualTo(MESSAGES)).atPriority(1).withRequestBody(containing("To=%2B15550000002"))
                .willReturn(aResponse().withStatus(503)));
        TwilioSender sender = sender();
        Notification sms = Notification.of(alert(), "sms", "internal-team");

        assertThatThrownBy(() -> sender.send(sms)).isInstanceOf(ChannelFailure.class);
        api.resetMappings();
        api.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)));
        sender.send(sms);

        api.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15550000001")));
        api.verify(2, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15550000002")));
        api.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15550000003")));
    }

    /**
     * The numbers reached are kept in the outbox directory: after a restart (a new sender on the same directory) the
     * retry still reaches only the others, and a notification sent to all its numbers leaves nothing behind.
     */
    @Test
    void aRetryAfterARestartReachesOnlyTheNumbersNotReachedYet() throws Exception {
        api.stubFor(post(urlEqualTo(MESSAGES)).atPriority(5).willReturn(aResponse().withStatus(201)));
        api.stubFor(post(urlEqualTo(MESSAGES)).atPriority(1).withRequestBody(containing("To=%2B15550000002"))
                .willReturn(aResponse().withStatus(503)));
        Notification sms = Notification.of(alert(), "sms", "internal-team");

        assertThatThrownBy(() -> sender().send(sms)).isInstanceOf(ChannelFailure.class);
        api.resetMappings();
        api.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)));
        sender().send(sms);

        api.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15550000001")));
        api.verify(2, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15550000002")));
        api.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15550000003")));
        try (Stream<Path> left = Files.list(reached)) {
            assertThat(left).as("nothing kept once every number is reached").isEmpty();
        }
    }

    private TwilioSender sender() {
        return new TwilioSender(
                new HttpPost(HttpPost.client(Duration.ofSeconds(1)), "sms", Duration.ofSeconds(2), Clock.systemUTC()),
                URI.create(api.baseUrl()), "AC1", "token-1", "+15550000000", TwilioSender.Kind.SMS,
                audience -> List.of("+15550000001", "+15550000002", "+15550000003"), reached);
    }

    private static Alert alert() {
        return new Alert(new Source("e-1", "AlertRaised", "c-1", Instant.EPOCH), Severity.CRITICAL,
                "Backups delayed", "no backup for 26 h", null, "database", "run a backup", "BACKUP_AGE:db");
    }
}
