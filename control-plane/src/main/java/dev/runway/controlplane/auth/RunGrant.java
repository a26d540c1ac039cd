package dev.runway.controlplane.auth;

import java.util.UUID;

/** What a run token allows: acting for one attempt of one run. */
public record RunGrant(UUID runId, int attempt) {
}
