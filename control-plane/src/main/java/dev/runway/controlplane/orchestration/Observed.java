package dev.runway.controlplane.orchestration;

import java.time.Instant;

/**
 * What a proposer saw of a run when it decided to propose (the system's verdicts, a user's retry). The proposal
 * applies only while the run is still exactly so: same version (so same state and attempt) and no newer heartbeat.
 */
public record Observed(long version, Instant lastHeartbeat) {
}
