package io.lifeboat.notify.channel.webhook;

import io.lifeboat.notify.channel.ChannelFailure;
import io.lifeboat.notify.channel.ChannelSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.notification.Notification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** One POST of one notification to the webhook; classifies the answer (see the package doc). */
public final class WebhookSender implements ChannelSender {

    public static final String NOTIFICATION_ID_HEADER = "X-Lifeboat-Notification-Id";

    private final HttpClient http;
    private final URI url;
    private final Duration readTimeout;
    private final Optional<WebhookSignature> signature;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param http        carries the connect timeout
     * @param readTimeout longest wait for the response once the request is sent
     * @param clock       what a Retry-After given as an HTTP date is measured from
     */
    public WebhookSender(HttpClient http, URI url, Duration readTimeout,
                         Optional<WebhookSignature> signature, JsonMapper json, Clock clock) {
        this.http = http;
        this.clock = clock;
        this.url = url;
        this.readTimeout = readTimeout;
        this.signature = signature;
        this.json = json;
    }

    /** An HTTP/1.1 client that never follows redirects and gives up connecting after {@code connectTimeout}. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpPost.client(connectTimeout);
    }

    @Override
    public void send(Notification notification) throws ChannelFailure {
        byte[] body = json.writeValueAsBytes(WebhookPayload.of(notification));
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header(NOTIFICATION_ID_HEADER, notification.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signature.ifPresent(s -> request.header(WebhookSignature.HEADER, s.sign(body)));
        new HttpPost(http, "webhook", readTimeout, clock).send(request, url);
    }
}
