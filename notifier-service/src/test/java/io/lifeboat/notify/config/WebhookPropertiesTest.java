package io.lifeboat.notify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookPropertiesTest {

    private static final Duration T = Duration.ofSeconds(2);

    @Test
    void missingUrlIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new WebhookProperties(null, null, T, T))
                .hasMessageContaining("lifeboat.notifier.webhook.url");
    }

    @Test
    void onlyHttpAndHttpsAreAccepted() {
        assertThatThrownBy(() -> new WebhookProperties(URI.create("ftp://example.test/x"), null, T, T))
                .hasMessageContaining("lifeboat.notifier.webhook.url").hasMessageContaining("'ftp'");
        assertThatThrownBy(() -> new WebhookProperties(URI.create("http://example.test/x"), null, Duration.ZERO, T))
                .hasMessageContaining("lifeboat.notifier.webhook.connect-timeout");
    }

    @Test
    void neitherTheSecretNorTheUrlPathIsShown() {
        WebhookProperties p = new WebhookProperties(
                URI.create("https://hooks.example.test:8443/services/T0/B0/tokenInPath"), "s3cr3t-signing-key", T, T);

        assertThat(p.toString()).doesNotContain("s3cr3t").doesNotContain("tokenInPath")
                .contains("https://hooks.example.test:8443").contains("signed=true");
        assertThat(p.origin()).isEqualTo("https://hooks.example.test:8443");
    }

    @Test
    void blankSecretMeansUnsigned() {
        assertThat(new WebhookProperties(URI.create("http://h.test/"), "  ", T, T).signingSecret()).isEmpty();
        assertThat(new WebhookProperties(URI.create("http://h.test/"), null, T, T).signingSecret()).isEmpty();
        assertThat(new WebhookProperties(URI.create("http://h.test/"), "k", T, T).signingSecret()).contains("k");
    }
}
