package io.lifeboat.restore.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    final StepClock clock = new StepClock();
    final Recorded recorded = new Recorded();
    final DisasterRecovery dr = new DisasterRecovery(PolicyFile.load(Path.of("../config/policy.yml")), recorded,
            clock);

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
}
