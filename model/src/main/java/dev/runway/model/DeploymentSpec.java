package dev.runway.model;

import dev.runway.model.json.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user declares about a deployment (in deployments.yaml or {@code PUT /api/deployments/{name}}).
 * Every field but {@code flowName} may be left out; {@link #withDefaults} fills them in. Upserting the
 * same spec twice changes nothing.
 *
 * @param parameters        default parameters, merged under the ones a run is started with
 * @param parameterSchema   JSON schema of the flow's input type; runs whose parameters do not match are refused
 * @param workPool          where its runs go: the name of a work pool ({@code GET /api/work-pools})
 * @param retries           how often a failed run is tried again
 * @param retryDelaySeconds how long a failed run waits before it is tried again
 * @param jobVariables      what its runs change of their work pool's base job template (e.g. {@code image},
 *                          {@code memory}, single {@code env} variables); merged by {@link JobTemplate#merge}
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
        Integer retryDelaySeconds,
        ObjectNode jobVariables) {

    public static final String DEFAULT_WORK_POOL = "local";
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 10;

    /** This spec under {@code name}, each field left out set to its default: what a deployment stores. */
    public DeploymentSpec withDefaults(String name) {
        return new DeploymentSpec(name, flowName, description, version,
                parameters == null ? Json.mapper().createObjectNode() : parameters,
                parameterSchema == null ? Json.mapper().createObjectNode() : parameterSchema,
                tags == null ? List.of() : List.copyOf(tags),
                workPool == null ? DEFAULT_WORK_POOL : workPool,
                Boolean.TRUE.equals(paused),
                retries == null ? 0 : retries,
                retryDelaySeconds == null ? DEFAULT_RETRY_DELAY_SECONDS : retryDelaySeconds,
                jobVariables == null ? Json.mapper().createObjectNode() : jobVariables);
    }
}
