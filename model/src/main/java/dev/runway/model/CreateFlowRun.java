package dev.runway.model;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * Body of {@code POST /api/deployments/{name}/runs}.
 *
 * @param scheduledTime   when to start; absent means now
 * @param idempotencyKey  a second request with the same key returns the first run instead of a new one
 */
public record CreateFlowRun(ObjectNode parameters, String name, Instant scheduledTime, String idempotencyKey) {
}
