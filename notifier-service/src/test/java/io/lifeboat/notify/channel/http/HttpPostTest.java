package io.lifeboat.notify.channel.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class HttpPostTest {

    @Test
    void retryAfterInSeconds() {
        assertThat(HttpPost.retryAfter("120")).contains(Duration.ofSeconds(120));
        assertThat(HttpPost.retryAfter(" 0 ")).contains(Duration.ZERO);
    }

    @Test
    void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
        String in90s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(90));

        assertThat(HttpPost.retryAfter(in90s)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(90)));
    }

    @Test
    void garbageAndNegativeValuesAreIgnored() {
        assertThat(HttpPost.retryAfter("soon")).isEmpty();
        assertThat(HttpPost.retryAfter("-5")).isEmpty();
    }
}
