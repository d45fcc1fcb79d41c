package io.lifeboat.notify.channel.webhook;

import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryRegistry;
import io.lifeboat.notify.channel.RetryingChannel;
import io.lifeboat.notify.config.WebhookProperties;
import io.lifeboat.notify.notification.NotificationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the webhook channel. Attempts and backoff come from {@code resilience4j.retry.instances.webhook.*}; which
 * failures are retried is fixed here, because it is part of the channel's contract, not a tuning knob.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    static final String CHANNEL = "webhook";
    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    @Bean
    RetryConfigCustomizer webhookRetryClassification() {
        return RetryConfigCustomizer.of(CHANNEL, retry -> retry.retryOnException(RetryingChannel.RETRYABLE));
    }

    @Bean
    NotificationChannel webhookChannel(WebhookProperties properties, RetryRegistry retries, JsonMapper json) {
        if (properties.signingSecret().isEmpty()) {
            log.warn("webhook notifications to {} are NOT signed: set lifeboat.notifier.webhook.secret",
                    properties.origin());
        }
        WebhookSender sender = new WebhookSender(WebhookSender.client(properties.connectTimeout()),
                properties.url(), properties.origin(), properties.readTimeout(),
                properties.signingSecret().map(WebhookSignature::new), json);
        log.info("webhook channel: {}", properties);
        return new RetryingChannel(CHANNEL, sender, retries.retry(CHANNEL));
    }
}
