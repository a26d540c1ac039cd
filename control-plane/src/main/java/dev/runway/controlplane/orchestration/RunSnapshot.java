package dev.runway.controlplane.orchestration;

import dev.runway.model.State;

/**
 * What the rules need to know about a run as it is now.
 *
 * @param state      the current state; null for a run not yet created
 * @param runCount   attempts dispatched so far
 * @param claimant   the runner instance that holds the current attempt, if any
 * @param maxRetries how many times a failed run is tried again
 */
public record RunSnapshot(State state, int runCount, String claimant, int maxRetries, int retryDelaySeconds) {

    public static RunSnapshot notCreated() {
        return new RunSnapshot(null, 0, null, 0, 0);
    }
}
