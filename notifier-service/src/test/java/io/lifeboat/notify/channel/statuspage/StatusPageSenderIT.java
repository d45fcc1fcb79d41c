package io.lifeboat.notify.channel.statuspage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/** The status page channel against a WireMock stand-in for a Statuspage-style API. */
class StatusPageSenderIT {

    @RegisterExtension
    final WireMockExtension api = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")).build();

    @Test
    void aRaisedAlertCreatesAnIncidentAndItsResolutionResolvesThatIncident() throws Exception {
        api.stubFor(post(urlEqualTo("/v1/pages/page-1/incidents"))
                .willReturn(aResponse().withStatus(201).withBody("{\"id\":\"inc-42\",\"status\":\"investigating\"}")));
        api.stubFor(patch(urlEqualTo("/v1/pages/page-1/incidents/inc-42")).willReturn(aResponse().withStatus(200)));
        StatusPageSender sender = sender();

        sender.send(Notification.of(alert(false), "status-page", "customers"));
        sender.send(Notification.of(alert(true), "status-page", "customers"));

        api.verify(1, postRequestedFor(urlEqualTo("/v1/pages/page-1/incidents"))
                .withHeader("Authorization", equalTo("OAuth key-1"))
                .withRequestBody(matchingJsonPath("$.incident.status", equalTo("investigating")))
                .withRequestBody(matchingJsonPath("$.incident.name", equalTo("Backups delayed"))));
        api.verify(1, patchRequestedFor(urlEqualTo("/v1/pages/page-1/incidents/inc-42"))
                .withRequestBody(matchingJsonPath("$.incident.status", equalTo("resolved"))));
    }

    @Test
    void aCreatedIncidentAnsweredWithoutJsonIsDeliveredNotPostedAgain() throws Exception {
        api.stubFor(post(urlEqualTo("/v1/pages/page-1/incidents"))
                .willReturn(aResponse().withStatus(201).withBody("<html>created</html>")));
        StatusPageSender sender = sender();

        sender.send(Notification.of(alert(false), "status-page", "customers"));
        sender.send(Notification.of(alert(true), "status-page", "customers"));

        api.verify(1, postRequestedFor(urlEqualTo("/v1/pages/page-1/incidents"))
                .withRequestBody(matchingJsonPath("$.incident.status", equalTo("investigating"))));
        api.verify(1, postRequestedFor(urlEqualTo("/v1/pages/page-1/incidents"))
                .withRequestBody(matchingJsonPath("$.incident.status", equalTo("resolved"))));
    }

    private StatusPageSender sender() {
        return new StatusPageSender(new HttpPost(HttpPost.client(Duration.ofSeconds(1)), "status-page",
                Duration.ofSeconds(2), Clock.systemUTC()), URI.create(api.baseUrl()), "page-1", "key-1",
                JsonMapper.builder().build());
    }

    private static Alert alert(boolean resolution) {
        return new Alert(new Source("e-1", "AlertRaised", "c-1", Instant.EPOCH), Severity.CRITICAL,
                "Backups delayed", "no backup for 26 h", null, "database", "run a backup", "BACKUP_AGE:db",
                resolution);
    }
}
