package dev.runway.controlplane.orchestration;

import dev.runway.model.State;

/**
 * A proposed state and who proposes it.
 *
 * @param attempt  for a runner: the attempt its token was issued for
 * @param claimant for a runner: its instance id
 * @param retry    an explicit retry of a finished run (the only way out of a terminal state)
 */
public record Proposal(State state, Proposer proposer, int attempt, String claimant, boolean retry) {

    public static Proposal byRunner(State state, int attempt, String claimant) {
        return new Proposal(state, Proposer.RUNNER, attempt, claimant, false);
    }

    public static Proposal byUser(State state) {
        return new Proposal(state, Proposer.USER, 0, null, false);
    }

    public static Proposal retryByUser(State state) {
        return new Proposal(state, Proposer.USER, 0, null, true);
    }

    public static Proposal bySystem(State state) {
        return new Proposal(state, Proposer.SYSTEM, 0, null, false);
    }
}
