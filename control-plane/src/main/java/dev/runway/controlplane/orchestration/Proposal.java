package dev.runway.controlplane.orchestration;

import dev.runway.model.State;

/**
 * A proposed state and who proposes it.
 *
 * @param attempt  for a runner: the attempt its token was issued for
 * @param claimant for a runner: its instance id
 * @param retry    an explicit retry of a finished run (the only way out of a terminal state)
 * @param observed for the system and a user's retry: the run as the proposer saw it; the proposal is rejected once
 *                 the run changed
 */
public record Proposal(State state, Proposer proposer, int attempt, String claimant, boolean retry, Observed observed) {

    public static Proposal byRunner(State state, int attempt, String claimant) {
        return new Proposal(state, Proposer.RUNNER, attempt, claimant, false, null);
    }

    public static Proposal byUser(State state) {
        return new Proposal(state, Proposer.USER, 0, null, false, null);
    }

    /** @param observed the finished run as the retry checked it (e.g. that its deployment still exists) */
    public static Proposal retryByUser(State state, Observed observed) {
        return new Proposal(state, Proposer.USER, 0, null, true, observed);
    }

    public static Proposal bySystem(State state, Observed observed) {
        if (observed == null) {
            throw new IllegalArgumentException("a system verdict names the run as it saw it");
        }
        return new Proposal(state, Proposer.SYSTEM, 0, null, false, observed);
    }
}
