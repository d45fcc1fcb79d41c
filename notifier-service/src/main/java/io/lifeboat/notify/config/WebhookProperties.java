package io.lifeboat.notify.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lifeboat.notifier.webhook.*}: where the webhook channel POSTs notifications.
 *
 * <p>The URL is required and has no default. Its path and query may hold a token (as Slack's and Teams' incoming
 * webhooks do), so only {@link #origin()} is ever logged or put in an event; the secret is never shown at all.
 *
 * @param url            http or https URL that receives every notification as JSON
 * @param secret         when set, each body is signed with HMAC-SHA256 under this key; blank means unsigned
 * @param connectTimeout longest wait for a TCP/TLS connection
 * @param readTimeout    longest wait for the response once the request is sent
 */
@ConfigurationProperties("lifeboat.notifier.webhook")
public record WebhookProperties(URI url, String secret, Duration connectTimeout, Duration readTimeout) {

    static final String PREFIX = "lifeboat.notifier.webhook.";

    public WebhookProperties {
        // Checked here rather than with Bean Validation so the message names the full key.
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(PREFIX + "url is required: the http(s) URL every notification is "
                    + "POSTed to (environment variable LIFEBOAT_NOTIFIER_WEBHOOK_URL)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(PREFIX + "url must be an absolute http or https URL, was scheme '"
                    + scheme + "'");
        }
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(readTimeout, "read-timeout");
    }

    /** The signing key, when one is configured. */
    public Optional<String> signingSecret() {
        return secret == null || secret.isBlank() ? Optional.empty() : Optional.of(secret);
    }

    /** Scheme, host and port of the URL: safe to log. */
    public String origin() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public String toString() {
        return "WebhookProperties[url=" + origin() + "/..., signed=" + signingSecret().isPresent()
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(PREFIX + key + " must be a positive duration, was " + d);
        }
    }
}
