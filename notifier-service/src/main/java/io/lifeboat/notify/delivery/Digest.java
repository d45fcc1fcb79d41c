package io.lifeboat.notify.delivery;

import io.lifeboat.notify.delivery.Outbox.Pending;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Several held notifications for one channel and stakeholder as one message that still names every fact. */
final class Digest {

    private Digest() {
    }

    static Notification of(List<Pending> group) {
        List<Alert> alerts = group.stream().map(p -> p.notification().alert()).toList();
        Notification first = group.get(0).notification();
        Severity worst = alerts.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElseThrow();
        String facts = alerts.stream().map(a -> "- " + a.title() + ": " + a.whatHappened()
                        + a.measured().map(m -> " (observed " + m.observed() + " against " + m.threshold() + ")")
                        .orElse("") + "; affected " + a.subject() + "; runbook: " + a.runbookStep()
                        + " [incident " + a.incident() + "]")
                .collect(Collectors.joining("\n"));
        String ids = group.stream().map(p -> p.notification().id()).sorted().collect(Collectors.joining(","));
        Alert digest = new Alert(alerts.get(0).source(), worst,
                alerts.size() + " " + worst.name().toLowerCase() + " alerts",
                alerts.size() + " alerts within the aggregation window:\n" + facts,
                null,
                alerts.stream().map(Alert::subject).distinct().collect(Collectors.joining(", ")),
                alerts.stream().map(Alert::runbookStep).distinct().collect(Collectors.joining(" | ")),
                "digest:" + Notification.idFor(ids, first.channel()));
        return Notification.of(digest, first.channel(), first.audience());
    }
}
