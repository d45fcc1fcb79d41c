package io.lifeboat.notify.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lifeboat.notifier.channels.*}: endpoints and credentials of the optional channels. A channel whose
 * required value is blank is not configured; stakeholders the policy sends to it are reported at start-up and
 * routed to its fallback. Secrets (URLs with tokens, keys, auth tokens) never appear in {@link #toString()} or
 * in logs.
 */
@ConfigurationProperties("lifeboat.notifier.channels")
public record ChannelProperties(Http http, Slack slack, PagerDuty pagerduty, Email email, Twilio twilio,
                                StatusPage statusPage) {

    public ChannelProperties {
        http = http == null ? new Http(Duration.ofSeconds(2), Duration.ofSeconds(5)) : http;
        slack = slack == null ? new Slack(null) : slack;
        pagerduty = pagerduty == null ? new PagerDuty(null, null) : pagerduty;
        email = email == null ? new Email(null, null) : email;
        twilio = twilio == null ? new Twilio(null, null, null, null, null) : twilio;
        statusPage = statusPage == null ? new StatusPage(null, null, null) : statusPage;
    }

    /** Timeouts of every HTTP channel but the webhook (which has its own keys). */
    public record Http(Duration connectTimeout, Duration readTimeout) {
    }

    /** @param url the incoming-webhook URL (secret); blank = no Slack */
    public record Slack(URI url) {
        public boolean configured() {
            return url != null && !url.toString().isBlank();
        }

        @Override
        public String toString() {
            return "Slack[configured=" + configured() + "]";
        }
    }

    /** @param url Events API v2 endpoint; @param routingKey integration key (secret); blank = no PagerDuty */
    public record PagerDuty(URI url, String routingKey) {
        public boolean configured() {
            return routingKey != null && !routingKey.isBlank();
        }

        @Override
        public String toString() {
            return "PagerDuty[configured=" + configured() + "]";
        }
    }

    /**
     * SMTP itself is {@code spring.mail.*}.
     *
     * @param from       sender address; blank = no e-mail
     * @param recipients addresses per stakeholder (policy 9.2 names)
     */
    public record Email(String from, Map<String, List<String>> recipients) {
        public Email {
            recipients = recipients == null ? Map.of() : Map.copyOf(recipients);
        }

        public boolean configured() {
            return from != null && !from.isBlank();
        }
    }

    /**
     * @param baseUrl    Twilio API root, https://api.twilio.com
     * @param accountSid account SID; blank = no SMS and no voice
     * @param authToken  auth token (secret)
     * @param from       the Twilio number calls and messages come from
     * @param recipients phone numbers per stakeholder
     */
    public record Twilio(URI baseUrl, String accountSid, String authToken, String from,
                         Map<String, List<String>> recipients) {
        public Twilio {
            recipients = recipients == null ? Map.of() : Map.copyOf(recipients);
        }

        public boolean configured() {
            return accountSid != null && !accountSid.isBlank();
        }

        @Override
        public String toString() {
            return "Twilio[configured=" + configured() + ", stakeholders=" + recipients.keySet() + "]";
        }
    }

    /**
     * @param baseUrl API root of a Statuspage-style service, https://api.statuspage.io
     * @param pageId  the page; blank = no status page
     * @param apiKey  API key (secret)
     */
    public record StatusPage(URI baseUrl, String pageId, String apiKey) {
        public boolean configured() {
            return pageId != null && !pageId.isBlank();
        }

        @Override
        public String toString() {
            return "StatusPage[configured=" + configured() + "]";
        }
    }
}
