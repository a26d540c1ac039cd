package dev.runway.model;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user declares about a deployment (in deployments.yaml or {@code PUT /api/deployments/{name}}).
 * Upserting the same spec twice changes nothing.
 *
 * @param parameters      default parameters, merged under the ones a run is started with
 * @param parameterSchema JSON schema of the flow's input type; runs whose parameters do not match are refused
 */
public record DeploymentSpec(
        String name,
        String flowName,
        String description,
        String version,
        ObjectNode parameters,
        ObjectNode parameterSchema,
        List<String> tags,
        String workPool,
        Boolean paused,
        Integer retries,
        Integer retryDelaySeconds) {
}
