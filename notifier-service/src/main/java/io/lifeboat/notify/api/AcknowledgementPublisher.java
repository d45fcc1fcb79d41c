package io.lifeboat.notify.api;

import java.time.Instant;

/** Publishes an acknowledgement (AlertAcknowledged in production). */
public interface AcknowledgementPublisher {

    void acknowledged(String alertId, String operator, Instant at);
}
