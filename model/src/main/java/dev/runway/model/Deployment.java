package dev.runway.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** A flow plus how to run it, as stored by the control plane. */
public record Deployment(
        UUID id,
        String name,
        String flowName,
        String description,
        String version,
        ObjectNode parameters,
        ObjectNode parameterSchema,
        List<String> tags,
        String workPool,
        boolean paused,
        int retries,
        int retryDelaySeconds,
        Instant createdAt,
        Instant updatedAt) {
}
