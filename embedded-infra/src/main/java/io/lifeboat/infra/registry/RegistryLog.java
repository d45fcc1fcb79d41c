package io.lifeboat.infra.registry;

/**
 * The ordered log all changes go through, and which feeds the {@link RegistryState}. {@link KafkaRegistryLog} is
 * the real one; tests can put an in-memory one behind a {@link SchemaRegistry}.
 */
interface RegistryLog {

    /** A proposal id no other proposal (of any instance) has. */
    String nextProposalId();

    /** Returns once the state has applied every record that was in the log when this was called. */
    void catchUp();

    /** Appends {@code record}, waits until the state has applied it, and returns what applying it did. */
    ApplyOutcome propose(LogRecord record);
}
