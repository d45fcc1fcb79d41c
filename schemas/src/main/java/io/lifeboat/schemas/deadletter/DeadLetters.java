package io.lifeboat.schemas.deadletter;

import io.lifeboat.schemas.registry.SchemaRegistryClient;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Declare one as a bean in a service that consumes events: retries with the binding's back-off, then the binding's
 * {@code dlq-name}. Bindings without {@code enable-dlq} keep the container's defaults.
 */
public final class DeadLetters implements ListenerContainerWithDlqAndRetryCustomizer, DisposableBean {

    private final DeadLetterTemplate template;

    public DeadLetters(SchemaRegistryClient registry) {
        this.template = new DeadLetterTemplate(registry);
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destination, String group,
                          BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                          BackOff backOff) {
        if (dlqDestinationResolver == null) {
            return;
        }
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(
                template.forContainer(container), dlqDestinationResolver);
        recoverer.setLogRecoveryRecord(true);
        container.setCommonErrorHandler(new DefaultErrorHandler(recoverer,
                backOff == null ? new FixedBackOff(0L, 0L) : backOff));
    }

    @Override
    public boolean retryAndDlqInBinding(String destination, String group) {
        return false;
    }

    @Override
    public void destroy() {
        template.destroy();
    }
}
