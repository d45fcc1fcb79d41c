package io.lifeboat.infra.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link RegistryLog} in a list, applied synchronously. {@link #beforeNextProposal} lets a test slip another
 * instance's record in between a proposer's look at the state and its own record, which is the race that matters.
 */
final class InMemoryRegistryLog implements RegistryLog {

    private final RegistryState state;
    private final List<LogRecord> records = new ArrayList<>();
    private final List<Consumer<InMemoryRegistryLog>> interleavings = new ArrayList<>();
    private int proposals;

    InMemoryRegistryLog(RegistryState state) {
        this.state = state;
    }

    /** Runs {@code competitor} right before the next proposal is appended. */
    void beforeNextProposal(Consumer<InMemoryRegistryLog> competitor) {
        interleavings.add(competitor);
    }

    /** Appends a record as another instance would; returns its outcome. */
    ApplyOutcome append(LogRecord record) {
        records.add(record);
        return state.apply(record);
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public String nextProposalId() {
        return "memory-" + (++proposals);
    }

    @Override
    public void catchUp() {
        // applied synchronously: always caught up
    }

    @Override
    public ApplyOutcome propose(LogRecord record) {
        if (!interleavings.isEmpty()) {
            interleavings.remove(0).accept(this);
        }
        return append(record);
    }
}
