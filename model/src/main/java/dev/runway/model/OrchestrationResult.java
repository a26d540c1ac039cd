package dev.runway.model;

/**
 * The answer to a {@link StateProposal}.
 *
 * @param state  the run's state after the decision (the accepted state, or the unchanged current one)
 * @param reason why a proposal was rejected, changed or aborted
 */
public record OrchestrationResult(Status status, State state, String reason) {

    public enum Status {
        /** The proposal (or the state it was changed into) is now the run's state. */
        ACCEPT,
        /** The run keeps its state; the proposer may carry on. */
        REJECT,
        /** The proposer must stop: another runner holds the run, or it already ended. */
        ABORT
    }
}
