package dev.runway.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * One execution of a deployment.
 *
 * @param runCount         how many attempts have been dispatched; the runner's token is bound to it
 * @param infrastructureId what the launcher started (a process id locally, a Cloud Run execution name on GCP)
 * @param createdBy        who asked for it: manual, schedule, webhook, automation, parent flow
 */
public record FlowRun(
        UUID id,
        String name,
        UUID deploymentId,
        String deploymentName,
        String flowName,
        ObjectNode parameters,
        State state,
        int runCount,
        int maxRetries,
        int retryDelaySeconds,
        Instant expectedStartTime,
        Instant startTime,
        Instant endTime,
        String infrastructureId,
        String resultRef,
        String idempotencyKey,
        String createdBy,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt) {
}
