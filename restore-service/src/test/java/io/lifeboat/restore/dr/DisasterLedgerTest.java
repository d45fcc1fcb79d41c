package io.lifeboat.restore.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.restore.dr.DisasterLedger.Applied;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rebuilding disasters from their facts, as the DR topics deliver them: any order, any number of times. */
class DisasterLedgerTest {

    static final Instant DECLARED_AT = Instant.parse("2026-11-29T10:00:00Z");

    static final Declaration DECLARATION = new Declaration("dr-1", Declaration.Trigger.CYBERATTACK, "olivia",
            "ransomware on the primary", DECLARED_AT);

    static DrPhaseCompletion phase(String name, int index, Duration elapsed, Duration deadline, String by) {
        Map<String, Boolean> checklist = new LinkedHashMap<>();
        checklist.put(name + " step one", true);
        checklist.put(name + " step two", false);
        return new DrPhaseCompletion("dr-1", name, index, checklist, by, DECLARED_AT.plus(elapsed), elapsed,
                deadline, "notes of " + name);
    }

    static final DrPhaseCompletion DECLARATION_PHASE = phase("declaration", 1, Duration.ofMinutes(20),
            Duration.ofMinutes(30), "olivia");
    static final DrPhaseCompletion ACTIVATION_PHASE = phase("activation", 2, Duration.ofMinutes(150),
            Duration.ofMinutes(120), "olivia");
    static final DrClosing CLOSING = new DrClosing("dr-1", "olivia", DECLARED_AT.plus(Duration.ofMinutes(200)),
            Duration.ofMinutes(200), List.of("declaration", "activation"), List.of("activation"),
            List.of("verification"), "contained");

    @Test
    void theFactsRebuildTheDisasterWhateverOrderTheyArriveIn() {
        List<Object> facts = List.of(DECLARATION, DECLARATION_PHASE, ACTIVATION_PHASE, CLOSING);
        DisasterLedger inOrder = ledgerOf(facts);
        DisasterRecovery.State state = inOrder.find("dr-1").orElseThrow();
        assertThat(state.declaration()).isEqualTo(DECLARATION);
        assertThat(state.phases()).containsExactly(Map.entry("declaration", DECLARATION_PHASE),
                Map.entry("activation", ACTIVATION_PHASE));
        assertThat(state.phases().get("declaration").withinTimeBox()).isTrue();
        assertThat(state.phases().get("activation").withinTimeBox()).isFalse();
        assertThat(state.closed()).contains(CLOSING);
        assertThat(inOrder.declared()).isEqualTo(1);
        assertThat(inOrder.open()).isZero();

        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<Object> shuffled = new ArrayList<>(facts);
            Collections.shuffle(shuffled, random);
            assertThat(ledgerOf(shuffled).find("dr-1")).as("order %s", shuffled).contains(state);
        }
    }

    @Test
    void aPhaseOrAClosingReadBeforeItsDeclarationShowsWithTheDeclaration() {
        DisasterLedger ledger = new DisasterLedger();
        assertThat(ledger.apply(ACTIVATION_PHASE)).isEqualTo(Applied.RECORDED);
        assertThat(ledger.apply(CLOSING)).isEqualTo(Applied.RECORDED);
        assertThat(ledger.find("dr-1")).isEmpty();
        assertThat(ledger.declared()).isZero();

        ledger.apply(DECLARATION);
        assertThat(ledger.find("dr-1").orElseThrow().phases()).containsOnlyKeys("activation");
        assertThat(ledger.find("dr-1").orElseThrow().closed()).contains(CLOSING);
    }

    @Test
    void theSameFactAppliedAgainChangesNothing() {
        DisasterLedger ledger = ledgerOf(List.of(DECLARATION, DECLARATION_PHASE));
        DisasterRecovery.State before = ledger.find("dr-1").orElseThrow();

        assertThat(ledger.apply(DECLARATION)).isEqualTo(Applied.DUPLICATE);
        // equal content, new objects: what reading back a fact this instance published gives
        assertThat(ledger.apply(phase("declaration", 1, Duration.ofMinutes(20), Duration.ofMinutes(30), "olivia")))
                .isEqualTo(Applied.DUPLICATE);
        assertThat(ledger.find("dr-1")).contains(before);
        assertThat(ledger.find("dr-1").orElseThrow().phases()).hasSize(1);

        ledger.apply(CLOSING);
        assertThat(ledger.apply(CLOSING)).isEqualTo(Applied.DUPLICATE);
        assertThat(ledger.find("dr-1").orElseThrow().closed()).contains(CLOSING);
    }

    @Test
    void twoInstancesCompletingTheSamePhaseConvergeOnTheEarlierCompletion() {
        DrPhaseCompletion first = phase("declaration", 1, Duration.ofMinutes(20), Duration.ofMinutes(30), "olivia");
        DrPhaseCompletion second = phase("declaration", 1, Duration.ofMinutes(21), Duration.ofMinutes(30), "audrey");

        DisasterLedger oneWay = ledgerOf(List.of(DECLARATION, first));
        assertThat(oneWay.apply(second)).isEqualTo(Applied.CONFLICT);
        DisasterLedger otherWay = ledgerOf(List.of(DECLARATION, second));
        assertThat(otherWay.apply(first)).isEqualTo(Applied.CONFLICT);

        assertThat(oneWay.find("dr-1").orElseThrow().phases().get("declaration")).isEqualTo(first);
        assertThat(otherWay.find("dr-1").orElseThrow().phases().get("declaration")).isEqualTo(first);
    }

    @Test
    void conflictingFactsAtTheSameMillisecondStillConvergeOnOne() {
        DrPhaseCompletion byOlivia = phase("declaration", 1, Duration.ofMinutes(20), Duration.ofMinutes(30), "olivia");
        DrPhaseCompletion byAudrey = phase("declaration", 1, Duration.ofMinutes(20), Duration.ofMinutes(30), "audrey");
        DrClosing closedByOlivia = CLOSING;
        DrClosing closedByAudrey = new DrClosing("dr-1", "audrey", CLOSING.closedAt(), CLOSING.duration(),
                CLOSING.completed(), CLOSING.late(), CLOSING.skipped(), "over");

        DisasterLedger oneWay = ledgerOf(List.of(DECLARATION, byOlivia, byAudrey, closedByOlivia, closedByAudrey));
        DisasterLedger otherWay = ledgerOf(List.of(closedByAudrey, byAudrey, DECLARATION, closedByOlivia, byOlivia));

        assertThat(oneWay.find("dr-1")).isEqualTo(otherWay.find("dr-1"));
        assertThat(oneWay.find("dr-1").orElseThrow().phases()).hasSize(1);
    }

    @Test
    void nothingIsAnsweredUntilTheReplayHasFinishedAndTheRefusalSaysWhatItWaitsFor() {
        DisasterLedger ledger = new DisasterLedger();
        assertThat(ledger.isReplayed()).isFalse();
        assertThatThrownBy(ledger::requireReplayed).isInstanceOf(DrStateUnavailable.class)
                .hasMessage("disaster-recovery state is still being rebuilt from the DR topics after start-up; try"
                        + " again shortly");

        ledger.replayObstacle("schema registry at 'http://127.0.0.1:1/' is unreachable");
        assertThatThrownBy(ledger::requireReplayed).hasMessageEndingWith(
                "(waiting: schema registry at 'http://127.0.0.1:1/' is unreachable)");

        ledger.replayFinished();
        ledger.requireReplayed();
        assertThat(ledger.isReplayed()).isTrue();
        assertThat(ledger.find("unknown")).isEqualTo(Optional.empty());
    }

    static DisasterLedger ledgerOf(List<Object> facts) {
        DisasterLedger ledger = new DisasterLedger();
        for (Object fact : facts) {
            if (fact instanceof Declaration d) {
                ledger.apply(d);
            } else if (fact instanceof DrPhaseCompletion c) {
                ledger.apply(c);
            } else {
                ledger.apply((DrClosing) fact);
            }
        }
        return ledger;
    }
}
