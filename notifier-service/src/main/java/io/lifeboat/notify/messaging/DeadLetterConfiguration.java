package io.lifeboat.notify.messaging;

import io.lifeboat.notify.config.RegistryProperties;
import io.lifeboat.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Bounded retries and the dead-letter topic, done by the listener container instead of the binder.
 *
 * <p>Why: with native decoding through {@code ErrorHandlingDeserializer}, a record that does not decode never
 * reaches the binder's retry and DLQ handling: the container throws its {@code DeserializationException} to the
 * container's error handler before the binding sees it, and the default one logs and skips it. So the binder's
 * {@code enable-dlq} alone loses poison records. Here the binder is told to leave retry and DLQ alone
 * ({@link ListenerContainerWithDlqAndRetryCustomizer#retryAndDlqInBinding} is false) and each container gets a
 * {@link DefaultErrorHandler} that retries with the binding's back-off ({@code max-attempts},
 * {@code back-off-*}; keep {@code max-attempts} at 2 or more, or the binder routes handling errors its own way)
 * and then publishes to the binding's {@code dlq-name}: decoding failures at once, with their original bytes;
 * handling failures after the retries, re-encoded in wire format. Either way the consumer moves on.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    DeadLetterTemplate deadLetterTemplate(RegistryProperties registry) {
        return new DeadLetterTemplate(new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5)));
    }

    @Bean
    ListenerContainerWithDlqAndRetryCustomizer retryThenDeadLetter(DeadLetterTemplate deadLetters) {
        return new ListenerContainerWithDlqAndRetryCustomizer() {

            @Override
            public void configure(AbstractMessageListenerContainer<?, ?> container, String destination,
                                  String group,
                                  BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                                  BackOff backOff) {
                if (dlqDestinationResolver == null) {
                    return; // a binding without enable-dlq keeps the container's defaults
                }
                DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                        deadLetters.forContainer(container), dlqDestinationResolver);
                recoverer.setLogRecoveryRecord(true); // one INFO line per dead letter, with the reason
                container.setCommonErrorHandler(new DefaultErrorHandler(recoverer,
                        backOff == null ? new FixedBackOff(0L, 0L) : backOff));
            }

            @Override
            public boolean retryAndDlqInBinding(String destination, String group) {
                return false;
            }
        };
    }
}
