package io.lifeboat.notify.messaging;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.notify.channel.ConfiguredChannels;
import io.lifeboat.notify.config.DeliveryProperties;
import io.lifeboat.notify.config.PolicyProperties;
import io.lifeboat.notify.config.ServiceProperties;
import io.lifeboat.notify.delivery.Dispatcher;
import io.lifeboat.notify.delivery.Escalator;
import io.lifeboat.notify.delivery.Notifier;
import io.lifeboat.notify.delivery.Outbox;
import io.lifeboat.notify.notification.DeliveryReporter;
import io.lifeboat.notify.notification.EscalationReporter;
import io.lifeboat.notify.outbox.FileOutbox;
import io.lifeboat.notify.routing.Routing;
import io.lifeboat.schemas.header.EventHeaders;
import io.lifeboat.schemas.topic.TopicSender;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the policy, routing, outbox, dispatcher and escalator; resumes pending work once the context is up. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MessagingConfiguration.class);

    @Bean
    EventHeaders eventHeaders(ServiceProperties service, Clock clock) {
        return new EventHeaders("notifier-service", service.instance(), service.policyId(), clock);
    }

    @Bean
    TopicSender topicSender(StreamBridge bridge) {
        return new TopicSender(bridge);
    }

    @Bean
    Policy policy(PolicyProperties properties) {
        return PolicyFile.load(properties.resolved());
    }

    @Bean
    Routing routing(Policy policy, ConfiguredChannels channels, DeliveryProperties delivery) {
        Routing routing = new Routing(policy.communication(), channels.broadcast(), channels::reaches,
                delivery.fallbacks());
        routing.reportGaps(line -> log.warn("routing: {}", line));
        return routing;
    }

    @Bean
    Outbox outbox(DeliveryProperties delivery, JsonMapper json) {
        return FileOutbox.open(delivery.outboxDirectory(), json);
    }

    @Bean(destroyMethod = "close")
    Dispatcher dispatcher(ConfiguredChannels channels, Outbox outbox, DeliveryReporter reporter, Routing routing,
                          Clock clock, DeliveryProperties delivery) {
        return new Dispatcher(channels.all(), channels.broadcast(), outbox, reporter, routing, clock,
                delivery.redeliverEvery(), delivery.maxAge(), delivery.warningWindow());
    }

    @Bean(destroyMethod = "close")
    Escalator escalator(Outbox outbox, Routing routing, Dispatcher dispatcher, EscalationReporter reporter,
                        Clock clock, Policy policy, DeliveryProperties delivery) {
        return new Escalator(outbox, routing, dispatcher, reporter, clock,
                policy.communication().escalateUnacknowledgedAfter(), delivery.escalationCheckEvery());
    }

    @Bean
    Notifier notifier(Routing routing, Dispatcher dispatcher, Escalator escalator, Outbox outbox) {
        return new Notifier(routing, dispatcher, escalator, outbox);
    }

    /** After start-up: deliver what the outbox kept from the last run and start the escalation clock. */
    @Bean
    ApplicationRunner resumeDeliveries(Dispatcher dispatcher, Escalator escalator) {
        return args -> {
            int pending = dispatcher.resume();
            if (pending > 0) {
                log.info("resuming {} undelivered notification(s) from the outbox", pending);
            }
            escalator.start();
        };
    }
}
