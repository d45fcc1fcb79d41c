package io.lifeboat.restore.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.policy.Policy;
import io.lifeboat.format.policy.PolicyFile;
import io.lifeboat.restore.run.RequestRefused;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DisasterRecoveryTest {

    /** A clock the test moves forward. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Keeps what would be published. */
    static final class Recorded implements DeclarationReporter {
        final List<Object> facts = new ArrayList<>();

        @Override
        public void declared(Declaration declaration) {
            facts.add(declaration);
        }

        @Override
        public void phaseCompleted(DrPhaseCompletion completion) {
            facts.add(completion);
        }

        @Override
        public void closed(DrClosing closing) {
            facts.add(closing);
        }
    }

    static final Policy POLICY = PolicyFile.load(Path.of("../config/policy.yml"));

    final StepClock clock = new StepClock();
    final Recorded recorded = new Recorded();
    final DisasterRecovery dr = new DisasterRecovery(POLICY, recorded, clock, replayedLedger());

    static DisasterLedger replayedLedger() {
        DisasterLedger ledger = new DisasterLedger();
        ledger.replayFinished();
        return ledger;
    }

    @Test
    void phasesAreTimedAgainstThePolicysTimeBoxesAndTheCloseNamesLateAndSkippedPhases() {
        Declaration d = dr.declare(Declaration.Trigger.EXERCISE, "olivia", "annual full DR exercise");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        DrPhaseCompletion declaration = dr.completePhase(d.drId(), "declaration",
                Set.of("Confirm primary site failure", "Declare disaster", "Notify management"), "olivia", "");
        assertThat(declaration.withinTimeBox()).isTrue();
        assertThat(declaration.index()).isEqualTo(1);
        assertThat(declaration.deadline()).isEqualTo(Duration.ofMinutes(30));
        assertThat(declaration.checklist()).containsEntry("Activate DR team", false)
                .containsEntry("Declare disaster", true);

        clock.now = clock.now.plus(Duration.ofMinutes(140));
        DrPhaseCompletion activation = dr.completePhase(d.drId(), "activation", Set.of(), "olivia", "dns was slow");
        assertThat(activation.elapsed()).isEqualTo(Duration.ofMinutes(150));
        assertThat(activation.withinTimeBox()).isFalse();

        DrClosing closing = dr.close(d.drId(), "olivia", "exercise over");
        assertThat(closing.completed()).containsExactly("declaration", "activation");
        assertThat(closing.late()).containsExactly("activation");
        assertThat(closing.skipped()).containsExactly("verification");
        assertThat(closing.withinActivationTime()).isFalse();
        assertThat(recorded.facts).hasSize(4);
    }

    @Test
    void unknownPhasesAndItemsRepeatedPhasesAndClosedDisastersAreRefused() {
        Declaration d = dr.declare(Declaration.Trigger.EXERCISE, "olivia", "drill");
        assertThatThrownBy(() -> dr.completePhase(d.drId(), "party", Set.of(), "olivia", ""))
                .isInstanceOf(RequestRefused.class).hasMessageContaining("phase 'party' is not in the policy");
        assertThatThrownBy(() -> dr.completePhase(d.drId(), "declaration", Set.of("Order pizza"), "olivia", ""))
                .hasMessageContaining("'Order pizza' is not on the checklist of phase 'declaration'");
        dr.completePhase(d.drId(), "declaration", Set.of(), "olivia", "");
        assertThatThrownBy(() -> dr.completePhase(d.drId(), "declaration", Set.of(), "olivia", ""))
                .satisfies(e -> assertThat(((RequestRefused) e).refusal()).isEqualTo(RequestRefused.Refusal.ALREADY_DONE));
        dr.close(d.drId(), "olivia", "");
        assertThatThrownBy(() -> dr.close(d.drId(), "olivia", "")).hasMessageContaining("is closed");
        assertThatThrownBy(() -> dr.close("nope", "olivia", ""))
                .satisfies(e -> assertThat(((RequestRefused) e).refusal())
                        .isEqualTo(RequestRefused.Refusal.UNKNOWN_DISASTER));
    }

    @Test
    void nothingIsDeclaredCompletedClosedOrAnsweredBeforeTheDrTopicsWereReadBack() {
        DisasterLedger ledger = new DisasterLedger();
        DisasterRecovery replaying = new DisasterRecovery(POLICY, recorded, clock, ledger);
        ledger.apply(new Declaration("dr-1", Declaration.Trigger.EXERCISE, "olivia", "drill", clock.now));

        assertThatThrownBy(() -> replaying.declare(Declaration.Trigger.EXERCISE, "olivia", "drill"))
                .isInstanceOf(DrStateUnavailable.class).hasMessageContaining("still being rebuilt from the DR topics");
        assertThatThrownBy(() -> replaying.find("dr-1")).isInstanceOf(DrStateUnavailable.class);
        assertThatThrownBy(() -> replaying.completePhase("dr-1", "declaration", Set.of(), "olivia", ""))
                .isInstanceOf(DrStateUnavailable.class);
        assertThatThrownBy(() -> replaying.close("dr-1", "olivia", "")).isInstanceOf(DrStateUnavailable.class);
        assertThat(recorded.facts).isEmpty();

        ledger.replayFinished();
        assertThat(replaying.find("dr-1")).isPresent();
    }

    @Test
    void aDisasterRebuiltFromWhatWasPublishedGoesOnWhereItStopped() {
        Declaration d = dr.declare(Declaration.Trigger.PRIMARY_SITE_UNAVAILABLE, "olivia", "region down");
        clock.now = clock.now.plus(Duration.ofMinutes(25));
        dr.completePhase(d.drId(), "declaration", Set.of("Declare disaster"), "olivia", "");
        DisasterRecovery.State before = dr.find(d.drId()).orElseThrow();

        // another instance, or this one restarted: only what was published
        DisasterLedger rebuilt = new DisasterLedger();
        for (Object fact : recorded.facts) {
            if (fact instanceof Declaration declaration) {
                rebuilt.apply(declaration);
            } else {
                rebuilt.apply((DrPhaseCompletion) fact);
            }
        }
        rebuilt.replayFinished();
        DisasterRecovery restarted = new DisasterRecovery(POLICY, recorded, clock, rebuilt);
        assertThat(restarted.find(d.drId())).contains(before);

        assertThatThrownBy(() -> restarted.completePhase(d.drId(), "declaration", Set.of(), "audrey", ""))
                .satisfies(e -> assertThat(((RequestRefused) e).refusal())
                        .isEqualTo(RequestRefused.Refusal.ALREADY_DONE));
        clock.now = clock.now.plus(Duration.ofMinutes(60));
        DrPhaseCompletion activation = restarted.completePhase(d.drId(), "activation", Set.of(), "audrey", "");
        assertThat(activation.elapsed()).isEqualTo(Duration.ofMinutes(85));
        DrClosing closing = restarted.close(d.drId(), "audrey", "back on the primary");
        assertThat(closing.completed()).containsExactly("declaration", "activation");
        assertThat(closing.skipped()).containsExactly("verification");
        assertThat(restarted.find(d.drId()).orElseThrow().closed()).contains(closing);
    }

    @Test
    void timesAreKeptToTheMillisecondAsTheEventsCarryThem() {
        clock.now = Instant.parse("2026-11-29T10:00:00.123456789Z");
        Declaration d = dr.declare(Declaration.Trigger.EXERCISE, "olivia", "drill");
        assertThat(d.declaredAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00.123Z"));
        clock.now = Instant.parse("2026-11-29T10:30:00.123999999Z");
        DrPhaseCompletion c = dr.completePhase(d.drId(), "declaration", Set.of(), "olivia", "");
        assertThat(c.completedAt()).isEqualTo(Instant.parse("2026-11-29T10:30:00.123Z"));
        assertThat(c.elapsed()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.withinTimeBox()).isTrue();
    }
}
