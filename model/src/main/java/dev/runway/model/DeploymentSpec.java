package dev.runway.model;

import dev.runway.model.json.Json;
import dev.runway.model.schedule.ScheduleId;
import dev.runway.model.schedule.ScheduleSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * @param schedules         when runs start on their own: cron or interval {@link ScheduleSpec}s (docs/schedules.md); a
 *                          schedule whose {@code active} is left out keeps the pause or resume it has
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
        ObjectNode jobVariables,
        List<ScheduleSpec> schedules) {

    public static final String DEFAULT_WORK_POOL = "local";
    public static final int DEFAULT_RETRY_DELAY_SECONDS = 10;

    /** A spec without schedules. */
    public DeploymentSpec(String name, String flowName, String description, String version, ObjectNode parameters,
                          ObjectNode parameterSchema, List<String> tags, String workPool, Boolean paused, Integer retries,
                          Integer retryDelaySeconds, ObjectNode jobVariables) {
        this(name, flowName, description, version, parameters, parameterSchema, tags, workPool, paused, retries,
                retryDelaySeconds, jobVariables, List.of());
    }

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
                jobVariables == null ? Json.mapper().createObjectNode() : jobVariables,
                schedules == null ? List.of() : schedules.stream().map(s -> s == null ? null : s.withDefaults()).toList());
    }

    /**
     * This spec with each schedule that leaves {@code active} out as active as the same schedule (the same
     * {@link ScheduleId}) is in {@code current}, so that deploying a file again keeps a pause made meanwhile.
     */
    public DeploymentSpec withSchedulesActiveAs(List<ScheduleSpec> current) {
        if (schedules == null || current == null) {
            return this;
        }
        Map<String, Boolean> active = new HashMap<>();
        current.forEach(schedule -> active.put(ScheduleId.of(schedule), schedule.active()));
        return withSchedules(schedules.stream()
                .map(s -> s == null || s.active() != null ? s : s.withActive(active.get(ScheduleId.of(s))))
                .toList());
    }

    /** This spec with other schedules. */
    public DeploymentSpec withSchedules(List<ScheduleSpec> others) {
        return new DeploymentSpec(name, flowName, description, version, parameters, parameterSchema, tags, workPool,
                paused, retries, retryDelaySeconds, jobVariables, others);
    }
}
