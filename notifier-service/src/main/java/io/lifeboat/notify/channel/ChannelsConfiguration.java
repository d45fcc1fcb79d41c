package io.lifeboat.notify.channel;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.lifeboat.notify.channel.email.EmailSender;
import io.lifeboat.notify.channel.http.HttpPost;
import io.lifeboat.notify.channel.pagerduty.PagerDutySender;
import io.lifeboat.notify.channel.slack.SlackSender;
import io.lifeboat.notify.channel.statuspage.StatusPageSender;
import io.lifeboat.notify.channel.twilio.TwilioSender;
import io.lifeboat.notify.channel.webhook.WebhookSender;
import io.lifeboat.notify.channel.webhook.WebhookSignature;
import io.lifeboat.notify.config.ChannelProperties;
import io.lifeboat.notify.config.DeliveryProperties;
import io.lifeboat.notify.config.ServiceProperties;
import io.lifeboat.notify.config.WebhookProperties;
import io.lifeboat.notify.notification.Notification;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds every configured channel behind its resilience4j retry, circuit breaker and bulkhead (instance name =
 * channel name; unnamed instances use {@code configs.default}). The webhook is required; the others exist when
 * their {@code lifeboat.notifier.channels.*} values are set.
 */
@Configuration(proxyBeanMethods = false)
class ChannelsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChannelsConfiguration.class);

    @Bean
    ConfiguredChannels configuredChannels(WebhookProperties webhook, ChannelProperties channels,
                                          ServiceProperties service, ObjectProvider<JavaMailSender> mail,
                                          RetryRegistry retries, CircuitBreakerRegistry breakers,
                                          BulkheadRegistry bulkheads, DeliveryProperties delivery, JsonMapper json,
                                          Clock clock) {
        Resilience resilience = new Resilience(retries, breakers, bulkheads);
        List<ResilientChannel> built = new ArrayList<>();
        List<String> broadcast = new ArrayList<>();

        if (webhook.signingSecret().isEmpty()) {
            log.warn("webhook notifications to {} are NOT signed: set lifeboat.notifier.webhook.secret",
                    webhook.origin());
        }
        built.add(resilience.wrap(ConfiguredChannels.WEBHOOK, new WebhookSender(
                WebhookSender.client(webhook.connectTimeout()), webhook.url(), webhook.readTimeout(), webhook.signingSecret().map(WebhookSignature::new), json, clock), a -> true));
        broadcast.add(ConfiguredChannels.WEBHOOK);
        log.info("webhook channel: {}", webhook);

        HttpClient http = HttpPost.client(channels.http().connectTimeout());
        ChannelProperties.Slack slack = channels.slack();
        if (slack.configured()) {
            built.add(resilience.wrap("slack", new SlackSender(post(http, "slack", channels, clock), slack.url(), json),
                    a -> !Notification.EVERYONE.equals(a)));
        }
        ChannelProperties.PagerDuty pd = channels.pagerduty();
        if (pd.configured()) {
            URI url = pd.url() == null ? URI.create("https://events.pagerduty.com/v2/enqueue") : pd.url();
            built.add(resilience.wrap("pagerduty", new PagerDutySender(post(http, "pagerduty", channels, clock), url,
                    pd.routingKey(), "lifeboat " + service.instance(), json), a -> true));
            broadcast.add("pagerduty");
        }
        ChannelProperties.Email email = channels.email();
        if (email.configured()) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("lifeboat.notifier.channels.email.from is set but spring.mail.host "
                        + "is not: e-mail needs an SMTP server");
            }
            built.add(resilience.wrap("email", new EmailSender(sender, email.from(),
                    a -> email.recipients().getOrDefault(a, List.of())), a -> reaches(email.recipients(), a)));
        }
        ChannelProperties.Twilio twilio = channels.twilio();
        if (twilio.configured()) {
            URI base = twilio.baseUrl() == null ? URI.create("https://api.twilio.com") : twilio.baseUrl();
            for (TwilioSender.Kind kind : TwilioSender.Kind.values()) {
                String name = kind.name().toLowerCase();
                built.add(resilience.wrap(name, new TwilioSender(post(http, name, channels, clock), base,
                        twilio.accountSid(), twilio.authToken(), twilio.from(), kind,
                        a -> twilio.recipients().getOrDefault(a, List.of()),
                        delivery.outboxDirectory().resolve("twilio-reached").resolve(name)),
                        a -> reaches(twilio.recipients(), a)));
            }
        }
        ChannelProperties.StatusPage page = channels.statusPage();
        if (page.configured()) {
            URI base = page.baseUrl() == null ? URI.create("https://api.statuspage.io") : page.baseUrl();
            built.add(resilience.wrap("status-page", new StatusPageSender(post(http, "status-page", channels, clock),
                    base, page.pageId(), page.apiKey(), json), a -> "customers".equals(a)));
        }
        built.forEach(c -> log.info("notification channel: {}", c));
        return new ConfiguredChannels(built, broadcast);
    }

    private static boolean reaches(Map<String, List<String>> recipients, String audience) {
        return !recipients.getOrDefault(audience, List.of()).isEmpty();
    }

    private static HttpPost post(HttpClient http, String channel, ChannelProperties channels, Clock clock) {
        return new HttpPost(http, channel, channels.http().readTimeout(), clock);
    }

    private record Resilience(RetryRegistry retries, CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {
        ResilientChannel wrap(String name, ChannelSender sender, ResilientChannel.AudienceFilter audiences) {
            return new ResilientChannel(name, sender, retries.retry(name), breakers.circuitBreaker(name),
                    bulkheads.bulkhead(name), audiences);
        }
    }
}
