package io.lifeboat.notify.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lifeboat.notifier.delivery.*}: the outbox and what happens to notifications a channel does not take.
 *
 * @param outboxDirectory    where undelivered notifications, finished ids, escalations, acknowledgements and the
 *                           phone numbers a notification has reached are kept; must survive restarts (a volume in
 *                           containers)
 * @param redeliverEvery     wait before a notification whose retries ran out (or whose channel's breaker is open)
 *                           is tried again
 * @param maxAge             after this long undelivered a notification is dead-lettered (NotificationFailed) and
 *                           the dead letter is alerted on the fallback channel and the broadcast channels
 * @param escalationCheckEvery how often due escalations are looked for
 * @param warningWindow      warnings and infos for a stakeholder wait up to this long and go out as one digest
 *                           per channel and stakeholder; 0 sends each at once. Criticals never wait.
 * @param fallbacks          channel to use while a channel's breaker is open or when it is not configured for a
 *                           stakeholder, e.g. slack: email
 */
@Validated
@ConfigurationProperties("lifeboat.notifier.delivery")
public record DeliveryProperties(@NotNull Path outboxDirectory, @NotNull Duration redeliverEvery,
                                 @NotNull Duration maxAge, @NotNull Duration escalationCheckEvery,
                                 @NotNull Duration warningWindow, Map<String, String> fallbacks) {

    public DeliveryProperties {
        fallbacks = fallbacks == null ? Map.of() : Map.copyOf(fallbacks);
        if (warningWindow != null && warningWindow.isNegative()) {
            throw new IllegalArgumentException("lifeboat.notifier.delivery.warning-window must not be negative, was "
                    + warningWindow);
        }
        for (Map.Entry<String, Duration> d : Map.of("redeliver-every", redeliverEvery, "max-age", maxAge,
                "escalation-check-every", escalationCheckEvery).entrySet()) {
            if (d.getValue() != null && (d.getValue().isZero() || d.getValue().isNegative())) {
                throw new IllegalArgumentException("lifeboat.notifier.delivery." + d.getKey()
                        + " must be a positive duration, was " + d.getValue());
            }
        }
    }
}
