package io.lifeboat.notify.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HttpPostTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void retryAfterInSeconds() {
        assertThat(HttpPost.retryAfter("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(HttpPost.retryAfter(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterAsAnHttpDateIsTheTimeFromNowUntilThen() {
        assertThat(HttpPost.retryAfter("Sun, 01 Mar 2026 12:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(HttpPost.retryAfter("Sun, 01 Mar 2026 11:59:00 GMT", NOW)).as("a date passed already")
                .contains(Duration.ZERO);
    }

    @Test
    void garbageAndNegativeValuesAreIgnored() {
        assertThat(HttpPost.retryAfter("soon", NOW)).isEmpty();
        assertThat(HttpPost.retryAfter("-5", NOW)).isEmpty();
    }
}
