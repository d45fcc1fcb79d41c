package io.lifeboat.notify.routing;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.notify.notification.Alert;
import io.lifeboat.notify.notification.Notification;
import io.lifeboat.notify.notification.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Policy 9.2 and 10.1 as a pure function: which channels an alert goes to, for which stakeholder, now and on
 * escalation.
 *
 * <ul>
 *   <li>A resolution goes only to the channels that track incidents (PagerDuty, the status page): the others
 *       have nothing to close, and the on-call webhook keeps exactly one POST per incident.</li>
 *   <li>Broadcast channels (the generic webhook, PagerDuty) receive every alert.</li>
 *   <li>The policy's {@code routing} lists the stakeholders of each severity. For CRITICAL the list is an
 *       escalation ladder: the first stakeholder is notified at once, each next one when the alert is still
 *       unacknowledged {@code escalate-unacknowledged-after} later. Other severities reach every listed stakeholder
 *       at once.</li>
 *   <li>A stakeholder's policy channel maps to service channels: {@code phone} is SMS, plus a voice call for
 *       CRITICAL; {@code slack}, {@code email} and {@code status-page} map to themselves.</li>
 *   <li>A policy channel that is not configured for its stakeholder is replaced by its configured fallback (when
 *       that one reaches the stakeholder), otherwise dropped; {@link #warnings} names each such gap once at
 *       start-up.</li>
 * </ul>
 */
public final class Routing {

    /** One notification to make: a channel and the stakeholder it reaches there. */
    public record Target(String channel, String audience) {
    }

    private final Policy.Communication communication;
    private final List<String> broadcast;
    private final BiPredicate<String, String> reaches;
    private final Map<String, String> fallbacks;

    /**
     * @param broadcast configured channels that receive every alert
     * @param reaches   whether a configured channel (first argument) reaches a stakeholder (second)
     * @param fallbacks channel to use when a channel is down or not configured
     */
    public Routing(Policy.Communication communication, List<String> broadcast, BiPredicate<String, String> reaches,
                   Map<String, String> fallbacks) {
        this.communication = communication;
        this.broadcast = List.copyOf(broadcast);
        this.reaches = reaches;
        this.fallbacks = Map.copyOf(fallbacks);
    }

    /** Channels that keep incidents open and are told when one ends; the others hear only of raised alerts. */
    static final List<String> TRACKING = List.of("pagerduty", "status-page");

    /** The notifications to send as soon as {@code alert} arrives. */
    public List<Target> immediate(Alert alert) {
        Set<Target> targets = new LinkedHashSet<>();
        if (alert.resolution()) {
            broadcast.stream().filter(TRACKING::contains).forEach(c -> targets.add(new Target(c,
                    Notification.EVERYONE)));
            communication.stakeholders().forEach((s, channels) -> {
                if (channels.contains("status-page") && reaches.test("status-page", s)) {
                    targets.add(new Target("status-page", s));
                }
            });
            return List.copyOf(targets);
        }
        broadcast.forEach(c -> targets.add(new Target(c, Notification.EVERYONE)));
        List<String> stakeholders = stakeholdersOf(alert.severity());
        if (alert.severity() == Severity.CRITICAL) {
            stakeholders.stream().findFirst().ifPresent(s -> targets.addAll(channelsFor(s, alert.severity())));
        } else {
            stakeholders.forEach(s -> targets.addAll(channelsFor(s, alert.severity())));
        }
        return List.copyOf(targets);
    }

    /**
     * The stakeholder an unacknowledged critical escalates to at {@code step} (1 = the second of the ladder), and
     * the channels that reach it; empty when the ladder has no more steps.
     */
    public Optional<Escalation> escalation(Alert alert, int step) {
        List<String> ladder = stakeholdersOf(alert.severity());
        if (alert.severity() != Severity.CRITICAL || alert.resolution() || step >= ladder.size()) {
            return Optional.empty();
        }
        String stakeholder = ladder.get(step);
        return Optional.of(new Escalation(step, stakeholder, channelsFor(stakeholder, alert.severity())));
    }

    /** An escalation step: who, and on which channels. */
    public record Escalation(int step, String stakeholder, List<Target> targets) {
        public Escalation {
            targets = List.copyOf(targets);
        }
    }

    /** The fallback channel for {@code channel} towards {@code audience}, when one is configured and reaches it. */
    public Optional<Target> fallback(String channel, String audience) {
        String fallback = fallbacks.get(channel);
        if (fallback == null || fallback.equals(channel) || !reaches.test(fallback, audience)) {
            return Optional.empty();
        }
        return Optional.of(new Target(fallback, audience));
    }

    /** One line per stakeholder channel that is not configured, for the start-up log. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        communication.stakeholders().forEach((stakeholder, channels) -> {
            for (String policyChannel : channels) {
                for (String channel : serviceChannels(policyChannel, Severity.CRITICAL)) {
                    if (!reaches.test(channel, stakeholder)) {
                        String instead = fallback(channel, stakeholder).map(Target::channel)
                                .map(f -> "'" + f + "' is used instead").orElse("nothing replaces it");
                        warnings.add("stakeholder '" + stakeholder + "' should be reached on '" + channel
                                + "' (policy 9.2 '" + policyChannel + "') but that channel is not configured for "
                                + "it; " + instead);
                    }
                }
            }
        });
        return warnings;
    }

    /** Logs every warning through {@code log}. */
    public void reportGaps(Consumer<String> log) {
        warnings().forEach(log);
    }

    private List<String> stakeholdersOf(Severity severity) {
        return communication.routing().getOrDefault(
                io.lifeboat.format.policy.Severity.valueOf(severity.name()), List.of());
    }

    private List<Target> channelsFor(String stakeholder, Severity severity) {
        Set<Target> targets = new LinkedHashSet<>();
        for (String policyChannel : communication.stakeholders().getOrDefault(stakeholder, List.of())) {
            for (String channel : serviceChannels(policyChannel, severity)) {
                if (reaches.test(channel, stakeholder)) {
                    targets.add(new Target(channel, stakeholder));
                } else {
                    fallback(channel, stakeholder).ifPresent(targets::add);
                }
            }
        }
        return List.copyOf(targets);
    }

    /** Policy channel names to service channel names. */
    static List<String> serviceChannels(String policyChannel, Severity severity) {
        if (policyChannel.equals("phone")) {
            return severity == Severity.CRITICAL ? List.of("sms", "voice") : List.of("sms");
        }
        return List.of(policyChannel);
    }
}
