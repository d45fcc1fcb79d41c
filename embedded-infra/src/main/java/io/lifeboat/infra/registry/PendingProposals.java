package io.lifeboat.infra.registry;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's proposals that are in flight: the proposer registers before it produces, the follower completes
 * the proposal when it applies the record carrying that proposal id.
 */
final class PendingProposals {

    private final Map<String, CompletableFuture<ApplyOutcome>> pending = new ConcurrentHashMap<>();

    CompletableFuture<ApplyOutcome> expect(String proposal) {
        CompletableFuture<ApplyOutcome> outcome = new CompletableFuture<>();
        if (pending.putIfAbsent(proposal, outcome) != null) {
            throw new IllegalStateException("proposal " + proposal + " is already in flight");
        }
        return outcome;
    }

    void applied(String proposal, ApplyOutcome outcome) {
        CompletableFuture<ApplyOutcome> future = pending.remove(proposal);
        if (future != null) {
            future.complete(outcome);
        }
    }

    void forget(String proposal) {
        pending.remove(proposal);
    }
}
