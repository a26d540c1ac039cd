package dev.runway.runner;

import dev.runway.model.DeploymentSpec;
import dev.runway.model.schedule.ScheduleSpec;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** One entry of deployments.yaml, as the user wrote it. */
record DeploymentDeclaration(
        String name,
        String flow,
        String description,
        String version,
        ObjectNode parameters,
        List<String> tags,
        String workPool,
        Boolean paused,
        Integer retries,
        Integer retryDelaySeconds,
        ObjectNode jobVariables,
        List<ScheduleSpec> schedules) {

    DeploymentSpec toSpec(ObjectNode parameterSchema) {
        return new DeploymentSpec(name, flow, description, version, parameters, parameterSchema,
                tags == null ? List.of() : tags, workPool, paused, retries, retryDelaySeconds, jobVariables, schedules);
    }
}
