package dev.runway.model;

import java.util.UUID;

/**
 * A state a runner (or a user) asks a run to move to. The control plane's orchestration rules decide.
 *
 * @param transitionId repeated by a client retrying after a lost response; the repeat changes nothing
 * @param claimant     who proposes; for a claim (RUNNING) it identifies the runner instance
 * @param resultRef    for COMPLETED: where the runner stored the result
 */
public record StateProposal(UUID transitionId, StateType type, String name, String message, String resultRef, String claimant) {

    public static StateProposal of(StateType type, String message) {
        return new StateProposal(UUID.randomUUID(), type, null, message, null, null);
    }
}
