package io.lifeboat.schemas.header;

import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/** Makes event headers for one producing service instance. */
public final class EventHeaders {

    private final Producer producer;
    private final String policyId;
    private final Clock clock;

    public EventHeaders(String service, String instance, String policyId, Clock clock) {
        this.producer = new Producer(Objects.requireNonNull(service, "service"), Objects.requireNonNull(instance, "instance"));
        this.policyId = Objects.requireNonNull(policyId, "policyId");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A header with a new event id, the current time and the given correlation id. */
    public EventHeader next(String correlationId) {
        return EventHeader.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(clock.instant())
                .setProducer(Producer.newBuilder(producer).build())
                .setCorrelationId(Objects.requireNonNull(correlationId, "correlationId"))
                .setPolicyId(policyId)
                .build();
    }
}
