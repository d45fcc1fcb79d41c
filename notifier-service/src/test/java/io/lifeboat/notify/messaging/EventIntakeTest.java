package io.lifeboat.notify.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.events.common.EventHeader;
import io.lifeboat.events.common.Producer;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Severity;
import io.lifeboat.notify.notification.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventIntakeTest {

    private final List<String> reported = new ArrayList<>();
    private boolean reporterFails;
    private final EventIntake intake = new EventIntake(alert -> {
        if (reporterFails) {
            throw new IllegalStateException("Kafka is down");
        }
        reported.add(alert.source().eventId());
    });

    @Test
    void aRedeliveredEventIsSkipped() {
        intake.accept("AlertRaised", header("e-1"), () -> Optional.of(alert("e-1")));
        intake.accept("AlertRaised", header("e-1"), () -> Optional.of(alert("e-1")));

        assertThat(reported).containsExactly("e-1");
    }

    @Test
    void anEventWhoseQueueingFailedIsHandledAgainWhenRetried() {
        reporterFails = true;
        assertThatThrownBy(() -> intake.accept("AlertRaised", header("e-2"), () -> Optional.of(alert("e-2"))))
                .hasMessage("Kafka is down");

        reporterFails = false;
        intake.accept("AlertRaised", header("e-2"), () -> Optional.of(alert("e-2")));

        assertThat(reported).containsExactly("e-2");
    }

    @Test
    void anEventThatNeedsNoNotificationIsStillRemembered() {
        List<String> asked = new ArrayList<>();
        intake.accept("IntegrityChecked", header("e-3"), () -> {
            asked.add("e-3");
            return Optional.empty();
        });
        intake.accept("IntegrityChecked", header("e-3"), () -> {
            asked.add("e-3 again");
            return Optional.empty();
        });

        assertThat(asked).containsExactly("e-3");
        assertThat(reported).isEmpty();
    }

    private static Alert alert(String eventId) {
        return new Alert(new Source(eventId, "AlertRaised", "c", Instant.EPOCH), Severity.INFO, "t", "w", null, "s",
                "r");
    }

    private static EventHeader header(String eventId) {
        return new EventHeader(eventId, Instant.EPOCH, new Producer("test", "t-1"), "c", "POL-ISMS-008@1.0");
    }
}
