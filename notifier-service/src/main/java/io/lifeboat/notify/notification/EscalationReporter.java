package io.lifeboat.notify.notification;

/** Records that an unacknowledged critical was escalated to the next stakeholder (an event in production). */
public interface EscalationReporter {

    void escalated(Alert alert, int step, String stakeholder, java.util.List<String> channels);
}
