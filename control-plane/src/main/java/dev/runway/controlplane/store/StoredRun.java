package dev.runway.controlplane.store;

import dev.runway.model.FlowRun;
import java.time.Instant;

/**
 * A flow run as stored, with what only the control plane sees.
 *
 * @param claimant the runner instance holding the current attempt
 * @param version  bumped by every state write; a write names the version it read
 */
public record StoredRun(FlowRun run, String claimant, long version, Instant lastHeartbeat, Integer launchedAttempt) {
}
