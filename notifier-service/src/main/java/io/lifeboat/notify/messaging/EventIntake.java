package io.lifeboat.notify.messaging;

import io.lifeboat.events.common.EventHeader;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.delivery.Notifier;
import io.lifeboat.schemas.dedupe.ProcessedEvents;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Skips events already handled, dispatches the alert of the others, and remembers them once dispatched. */
@Component
class EventIntake {

    static final int DEDUPE_WINDOW = 10_000;
    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    private final ProcessedEvents handled = new ProcessedEvents(DEDUPE_WINDOW);
    private final Consumer<Alert> dispatch;

    @Autowired
    EventIntake(Notifier notifier) {
        this(notifier::dispatch);
    }

    /** @param dispatch queues an alert's notifications durably; throws when it cannot */
    EventIntake(Consumer<Alert> dispatch) {
        this.dispatch = dispatch;
    }

    void accept(String eventType, EventHeader header, Supplier<Optional<Alert>> alert) {
        String eventId = header.getEventId();
        if (handled.handled(eventId)) {
            log.info("skipping redelivered {} {}", eventType, eventId);
            return;
        }
        alert.get().ifPresentOrElse(dispatch,
                () -> log.debug("{} {} needs no notification", eventType, eventId));
        handled.markHandled(eventId);
    }
}
