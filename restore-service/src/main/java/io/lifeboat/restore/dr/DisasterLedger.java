package io.lifeboat.restore.dr;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Every disaster this instance knows of, rebuilt from the DR facts (declared, phase completed, closed) in whatever
 * order they arrive: this instance's own, each applied right after it was published, and every fact read back from
 * the DR topics, its own included. Applying a fact is idempotent and order-independent:
 * <ul>
 *   <li>a fact is identified by what it is about, not by its event id: the declaration and the closing by the
 *       disaster, a phase completion by the disaster and the phase, so the same fact applied twice (a redelivery,
 *       or this instance reading back what it published) changes nothing;</li>
 *   <li>two different facts about the same thing (two instances completing the same phase, or closing the same
 *       disaster, at the same moment) are a conflict: the earlier one is kept (by completion or closing time, then
 *       by content), whatever the order they arrive in, so every instance converges on the same state;</li>
 *   <li>a phase or a closing read before its declaration (the three topics are read side by side) is kept and
 *       becomes visible with the declaration.</li>
 * </ul>
 * Until the replay of the DR topics has finished ({@link #replayFinished()}) nothing may be decided on this state:
 * {@link #requireReplayed()} refuses with {@link DrStateUnavailable}.
 */
@Component
public class DisasterLedger {

    /** What applying one fact did. */
    public enum Applied {
        /** The fact was new. */
        RECORDED,
        /** The same fact was known already; nothing changed. */
        DUPLICATE,
        /** A different fact about the same thing was known; the earlier of the two is kept. */
        CONFLICT
    }

    /** Facts about one disaster, in whatever order they came; visible once declared. */
    private static final class Entry {
        Declaration declaration;
        final Map<String, DrPhaseCompletion> phases = new HashMap<>();
        DrClosing closing;
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private volatile boolean replayed;
    private volatile String replayObstacle = "";

    public synchronized Applied apply(Declaration declaration) {
        Entry entry = entry(declaration.drId());
        return merge(entry.declaration, declaration, Declaration::declaredAt, kept -> entry.declaration = kept);
    }

    public synchronized Applied apply(DrPhaseCompletion completion) {
        Entry entry = entry(completion.drId());
        return merge(entry.phases.get(completion.phase()), completion, DrPhaseCompletion::completedAt,
                kept -> entry.phases.put(kept.phase(), kept));
    }

    public synchronized Applied apply(DrClosing closing) {
        Entry entry = entry(closing.drId());
        return merge(entry.closing, closing, DrClosing::closedAt, kept -> entry.closing = kept);
    }

    /** The disaster as known now (a copy), if it was declared; phases in the policy's order. */
    public synchronized Optional<DisasterRecovery.State> find(String drId) {
        Entry entry = entries.get(drId);
        if (entry == null || entry.declaration == null) {
            return Optional.empty();
        }
        Map<String, DrPhaseCompletion> phases = new LinkedHashMap<>();
        entry.phases.values().stream()
                .sorted(Comparator.comparingInt(DrPhaseCompletion::index).thenComparing(DrPhaseCompletion::phase))
                .forEach(c -> phases.put(c.phase(), c));
        return Optional.of(new DisasterRecovery.State(entry.declaration, Collections.unmodifiableMap(phases),
                Optional.ofNullable(entry.closing)));
    }

    /** Declared disasters known, open and closed. */
    public synchronized int declared() {
        return (int) entries.values().stream().filter(e -> e.declaration != null).count();
    }

    /** Declared disasters not closed. */
    public synchronized int open() {
        return (int) entries.values().stream().filter(e -> e.declaration != null && e.closing == null).count();
    }

    /** The DR topics have been read up to where they ended when the service started. */
    public void replayFinished() {
        replayed = true;
        replayObstacle = "";
    }

    /** What keeps the replay from going on (shown to callers refused meanwhile); empty when nothing does. */
    public void replayObstacle(String obstacle) {
        replayObstacle = obstacle == null ? "" : obstacle;
    }

    public boolean isReplayed() {
        return replayed;
    }

    /** @throws DrStateUnavailable while the replay has not finished */
    public void requireReplayed() {
        if (!replayed) {
            String obstacle = replayObstacle;
            throw new DrStateUnavailable("disaster-recovery state is still being rebuilt from the DR topics after"
                    + " start-up; try again shortly" + (obstacle.isEmpty() ? "" : " (waiting: " + obstacle + ")"));
        }
    }

    private Entry entry(String drId) {
        return entries.computeIfAbsent(drId, id -> new Entry());
    }

    /**
     * Keeps {@code fact} when nothing is known, or when it conflicts with what is known and comes first: earlier,
     * or at the same instant first by its content, so that every instance keeps the same one of two facts.
     */
    private static <T> Applied merge(T known, T fact, Function<T, Instant> at, Consumer<T> keep) {
        if (known == null) {
            keep.accept(fact);
            return Applied.RECORDED;
        }
        if (known.equals(fact)) {
            return Applied.DUPLICATE;
        }
        int order = at.apply(fact).compareTo(at.apply(known));
        if (order < 0 || order == 0 && fact.toString().compareTo(known.toString()) < 0) {
            keep.accept(fact);
        }
        return Applied.CONFLICT;
    }
}
