package io.lifeboat.restore.dr;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.Policy.Phase;
import io.lifeboat.restore.run.RequestRefused;
import io.lifeboat.restore.run.RequestRefused.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Declared disasters and their timed phases from the policy (6.3): each phase has a checklist and must be complete
 * within its "ends-after" from the declaration. Completing a phase and closing are published; whether each phase
 * kept its time box is part of the fact. Each fact is published first and then applied to the {@link DisasterLedger},
 * which the DR topics also feed (after a restart, and from other instances), so the published facts are the record;
 * nothing is answered or decided until the ledger has been replayed ({@link DrStateUnavailable}). Times are kept to
 * the millisecond, as the events carry them, so what this instance holds equals what it reads back.
 */
@Service
public class DisasterRecovery {

    /** What this instance knows of one disaster; completed phases in the policy's order. */
    public record State(Declaration declaration, Map<String, DrPhaseCompletion> phases, Optional<DrClosing> closed) {
    }

    private final Policy policy;
    private final DeclarationReporter reporter;
    private final Clock clock;
    private final DisasterLedger ledger;

    public DisasterRecovery(Policy policy, DeclarationReporter reporter, Clock clock, DisasterLedger ledger) {
        this.policy = policy;
        this.reporter = reporter;
        this.clock = clock;
        this.ledger = ledger;
    }

    /** @throws DrStateUnavailable while the DR topics are being replayed */
    public Declaration declare(Declaration.Trigger trigger, String declaredBy, String reason) {
        ledger.requireReplayed();
        Declaration declaration = new Declaration(UUID.randomUUID().toString(), trigger, declaredBy, reason, now());
        reporter.declared(declaration);
        ledger.apply(declaration);
        return declaration;
    }

    /** @throws DrStateUnavailable while the DR topics are being replayed */
    public Optional<State> find(String drId) {
        ledger.requireReplayed();
        return ledger.find(drId);
    }

    /**
     * Records {@code phase} as completed with the checklist items in {@code done}.
     *
     * @throws RequestRefused UNKNOWN_DISASTER; INVALID_REQUEST for a phase or checklist item the policy does not
     *                        have; ALREADY_DONE for a closed disaster or a phase completed before
     * @throws DrStateUnavailable while the DR topics are being replayed
     */
    public synchronized DrPhaseCompletion completePhase(String drId, String phaseName, Set<String> done,
                                                        String completedBy, String notes) {
        State state = open(drId);
        List<Phase> phases = policy.disasterRecovery().phases();
        int index = -1;
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).name().equals(phaseName)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new RequestRefused(Refusal.INVALID_REQUEST, "phase '" + phaseName + "' is not in the policy's"
                    + " disaster-recovery phases " + phases.stream().map(Phase::name).toList());
        }
        if (state.phases().containsKey(phaseName)) {
            throw new RequestRefused(Refusal.ALREADY_DONE, "phase '" + phaseName + "' of disaster '" + drId
                    + "' was completed already");
        }
        Phase phase = phases.get(index);
        for (String item : done) {
            if (!phase.checklist().contains(item)) {
                throw new RequestRefused(Refusal.INVALID_REQUEST, "'" + item + "' is not on the checklist of phase '"
                        + phaseName + "': " + phase.checklist());
            }
        }
        Map<String, Boolean> checklist = new LinkedHashMap<>();
        phase.checklist().forEach(item -> checklist.put(item, done.contains(item)));
        Instant now = now();
        DrPhaseCompletion completion = new DrPhaseCompletion(drId, phaseName, index + 1, checklist, completedBy, now,
                Duration.between(state.declaration().declaredAt(), now), phase.endsAfter(),
                notes == null ? "" : notes);
        reporter.phaseCompleted(completion);
        ledger.apply(completion);
        return completion;
    }

    /**
     * Closes the disaster; phases never completed are named as skipped.
     *
     * @throws RequestRefused UNKNOWN_DISASTER; ALREADY_DONE for a closed disaster
     * @throws DrStateUnavailable while the DR topics are being replayed
     */
    public synchronized DrClosing close(String drId, String closedBy, String summary) {
        State state = open(drId);
        List<String> completed = new ArrayList<>();
        List<String> late = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Phase phase : policy.disasterRecovery().phases()) {
            DrPhaseCompletion c = state.phases().get(phase.name());
            if (c == null) {
                skipped.add(phase.name());
            } else {
                completed.add(phase.name());
                if (!c.withinTimeBox()) {
                    late.add(phase.name());
                }
            }
        }
        Instant now = now();
        DrClosing closing = new DrClosing(drId, closedBy, now, Duration.between(state.declaration().declaredAt(), now),
                completed, late, skipped, summary == null ? "" : summary);
        reporter.closed(closing);
        ledger.apply(closing);
        return closing;
    }

    private State open(String drId) {
        ledger.requireReplayed();
        State state = ledger.find(drId).orElse(null);
        if (state == null) {
            throw new RequestRefused(Refusal.UNKNOWN_DISASTER, "disaster '" + drId
                    + "' is not known to this instance");
        }
        if (state.closed().isPresent()) {
            throw new RequestRefused(Refusal.ALREADY_DONE, "disaster '" + drId + "' is closed");
        }
        return state;
    }

    /** Millisecond precision: the events carry timestamp-millis. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
