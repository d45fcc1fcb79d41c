package io.lifeboat.notify.channel.http;

import io.lifeboat.notify.channel.ChannelFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Sends one request to an HTTP channel and classifies the answer: 2xx delivered; 429, 5xx, timeouts and I/O errors
 * transient (with the server's Retry-After when it sent one); anything else permanent. Failure reasons name only
 * the channel and the origin (scheme, host, port): paths and queries may hold tokens.
 */
public final class HttpPost {

    private final HttpClient http;
    private final String channel;
    private final Duration readTimeout;
    private final Clock clock;

    /** @param clock what a Retry-After given as an HTTP date is measured from */
    public HttpPost(HttpClient http, String channel, Duration readTimeout, Clock clock) {
        this.http = http;
        this.channel = channel;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    /** An HTTP/1.1 client that never follows redirects and gives up connecting after {@code connectTimeout}. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** Scheme, host and port of {@code url}: safe to log. */
    public static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Sends {@code request} (its URI and body already set) and returns the 2xx response body. */
    public String send(HttpRequest.Builder request, URI url) throws ChannelFailure {
        String origin = origin(url);
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(readTimeout).header("User-Agent", "lifeboat-notifier").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw ChannelFailure.transientFailure(channel + " " + origin + " timed out: " + describe(e, url, origin), e);
        } catch (IOException e) {
            throw ChannelFailure.transientFailure("I/O error on " + channel + " " + origin + ": "
                    + describe(e, url, origin), e);
        } catch (InterruptedException e) {
            // Shutting down: the notification stays in the outbox and is delivered after the restart.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering to " + channel + " " + origin, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        if (status == 429 || status >= 500) {
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
                    .flatMap(v -> retryAfter(v, clock.instant()));
            return failTransient(channel + " " + origin + " answered HTTP " + status, retryAfter);
        }
        throw ChannelFailure.permanent(channel + " " + origin + " refused the notification with HTTP " + status);
    }

    private static String failTransient(String reason, Optional<Duration> retryAfter) throws ChannelFailure {
        throw ChannelFailure.overloaded(reason, retryAfter.orElse(null));
    }

    /** RFC 9110 Retry-After: delay-seconds or an HTTP-date (from {@code now}). Unparseable values are ignored. */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static String describe(IOException e, URI url, String origin) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace(url.toString(), origin);
        return e.getClass().getSimpleName() + message;
    }
}
