package dev.runway.controlplane.orchestration;

import dev.runway.model.OrchestrationResult.Status;
import dev.runway.model.State;

/**
 * The rules' answer to a proposal.
 *
 * @param state  for ACCEPT, the state to write (the proposal, or what a rule changed it into)
 * @param reason for REJECT and ABORT, and for a changed proposal, why
 */
public record Decision(Status status, State state, String reason) {

    static Decision accept(State state) {
        return new Decision(Status.ACCEPT, state, null);
    }

    static Decision change(State state, String reason) {
        return new Decision(Status.ACCEPT, state, reason);
    }

    static Decision reject(String reason) {
        return new Decision(Status.REJECT, null, reason);
    }

    static Decision abort(String reason) {
        return new Decision(Status.ABORT, null, reason);
    }

    public boolean accepted() {
        return status == Status.ACCEPT;
    }
}
