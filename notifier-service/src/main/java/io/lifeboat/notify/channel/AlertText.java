package io.lifeboat.notify.channel;

import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Measurement;
import io.lifeboat.notify.notification.Notification;
import java.util.ArrayList;
import java.util.List;

/**
 * The words every human channel uses: what happened, the observed value against the threshold, the affected
 * backup or asset and the runbook step. Channels only choose the layout (plain, Slack mrkdwn, HTML, speech).
 */
public final class AlertText {

    private final Alert alert;

    private AlertText(Alert alert) {
        this.alert = alert;
    }

    public static AlertText of(Notification notification) {
        return new AlertText(notification.alert());
    }

    /** e.g. "[CRITICAL] BACKUP_AGE: database" or "[RESOLVED] ...". */
    public String subjectLine() {
        return "[" + (alert.resolution() ? "RESOLVED" : alert.severity().name()) + "] " + alert.title();
    }

    /** Label and value pairs in reading order. */
    public List<String[]> facts() {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"What happened", alert.whatHappened()});
        facts.add(new String[] {"Severity", alert.severity().name()});
        alert.measured().ifPresent((Measurement m) -> {
            facts.add(new String[] {"Observed", m.observed()});
            facts.add(new String[] {"Threshold", m.threshold()});
        });
        facts.add(new String[] {"Affected", alert.subject()});
        facts.add(new String[] {"Runbook", alert.runbookStep()});
        facts.add(new String[] {"Incident", alert.incident()});
        return facts;
    }

    public String plain() {
        StringBuilder b = new StringBuilder(subjectLine()).append("\n\n");
        for (String[] f : facts()) {
            b.append(f[0]).append(": ").append(f[1]).append('\n');
        }
        return b.toString();
    }

    /** One short paragraph for SMS and speech. */
    public String brief() {
        StringBuilder b = new StringBuilder(subjectLine()).append(". ");
        alert.measured().ifPresent(m -> b.append("Observed ").append(m.observed()).append(" against ")
                .append(m.threshold()).append(". "));
        return b.append("Affected: ").append(alert.subject()).append(". Runbook: ").append(alert.runbookStep())
                .toString();
    }

    public String html() {
        StringBuilder b = new StringBuilder("<html><body><h2>").append(escape(subjectLine())).append("</h2><table>");
        for (String[] f : facts()) {
            b.append("<tr><th align=\"left\">").append(escape(f[0])).append("</th><td>").append(escape(f[1]))
                    .append("</td></tr>");
        }
        return b.append("</table></body></html>").toString();
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
