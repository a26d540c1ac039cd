package dev.runway.controlplane.orchestration;

import java.time.Instant;

/**
 * What a system proposer saw of a run when it reached its verdict. The verdict applies only while the
 * run is still exactly so: same version (so same state and attempt) and no newer heartbeat.
 */
public record Observed(long version, Instant lastHeartbeat) {
}
