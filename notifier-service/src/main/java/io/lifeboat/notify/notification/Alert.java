package io.lifeboat.notify.notification;

import java.util.Objects;
import java.util.Optional;

/**
 * An alert-worthy fact in words a person on call can act on, independent of the channel that carries it.
 *
 * @param source       the event it comes from
 * @param severity     how urgent it is
 * @param title        one line, e.g. "Backup failed: prosaas_production"
 * @param whatHappened the fact in a sentence or two
 * @param measurement  observed value against threshold, or null when the fact has none (a failed backup is not a
 *                     measurement)
 * @param subject      the backup, location or asset it is about
 * @param runbookStep  what to do, from the policy
 * @param incident     the condition this alert is about (an {@code AlertRaised.alertId}, see
 *                     {@code io.lifeboat.schemas.alert.AlertIds}): events that report the same condition carry the
 *                     same incident and are paged once per channel
 * @param resolution   true when the alert says the incident is over (AlertResolved): its notifications are
 *                     separate from the ones that raised it, and channels that track incidents close them
 */
public record Alert(Source source, Severity severity, String title, String whatHappened, Measurement measurement,
                    String subject, String runbookStep, String incident, boolean resolution) {

    /** An alert that raises {@code incident}. */
    public Alert(Source source, Severity severity, String title, String whatHappened, Measurement measurement,
                 String subject, String runbookStep, String incident) {
        this(source, severity, title, whatHappened, measurement, subject, runbookStep, incident, false);
    }

    /** An alert that is its own incident (keyed by its source event). */
    public Alert(Source source, Severity severity, String title, String whatHappened, Measurement measurement,
                 String subject, String runbookStep) {
        this(source, severity, title, whatHappened, measurement, subject, runbookStep, source.eventId());
    }

    public Alert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(whatHappened, "whatHappened");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(runbookStep, "runbookStep");
        Objects.requireNonNull(incident, "incident");
    }

    /** The incident key of episode {@code endedBefore} (0 = the first) of {@code incident}. */
    public static String episodeKey(String incident, int endedBefore) {
        return endedBefore == 0 ? incident : incident + "~" + endedBefore;
    }

    /** The same alert about another episode of its incident ({@code incident~n} after n resolutions). */
    public Alert inEpisode(int endedBefore) {
        return endedBefore == 0 ? this : new Alert(source, severity, title, whatHappened, measurement, subject,
                runbookStep, episodeKey(incident, endedBefore), resolution);
    }

    /** What notification ids are derived from: the incident, or its resolution. */
    public String deliveryKey() {
        return resolution ? incident + "#resolved" : incident;
    }

    public Optional<Measurement> measured() {
        return Optional.ofNullable(measurement);
    }
}
