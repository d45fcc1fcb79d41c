package io.lifeboat.notify.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void matchesTheRfc4231TestVector() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        String signature = new WebhookSignature("Jefe")
                .sign("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertThat(signature)
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void dependsOnEveryByteOfTheBodyAndOnTheKey() {
        byte[] body = "{\"severity\":\"CRITICAL\"}".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = "{\"severity\":\"WARNING\"}".getBytes(StandardCharsets.UTF_8);
        WebhookSignature key = new WebhookSignature("first-key");

        assertThat(key.sign(body)).isEqualTo(key.sign(body.clone()))
                .isNotEqualTo(key.sign(tampered))
                .isNotEqualTo(new WebhookSignature("second-key").sign(body));
    }

    @Test
    void neverShowsTheKey() {
        assertThat(new WebhookSignature("very-secret-key").toString()).doesNotContain("very-secret-key");
        assertThatThrownBy(() -> new WebhookSignature(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
