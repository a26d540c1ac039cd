package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * One execution of a deployment.
 *
 * @param runCount         how many attempts have been dispatched; the runner's token is bound to it
 * @param infrastructureId what the launcher started (a process id locally, a Cloud Run execution name on GCP)
 * @param createdBy        who asked for it: manual, {@code schedule:<id>} (see {@link #scheduleId()}), webhook,
 *                         automation, parent flow
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

    /** How {@code createdBy} begins for a run a schedule made; the schedule's id follows. */
    public static final String BY_SCHEDULE = "schedule:";

    /** The {@code createdBy} of the runs the schedule {@code scheduleId} makes. */
    public static String bySchedule(String scheduleId) {
        return BY_SCHEDULE + scheduleId;
    }

    /** The id of the deployment's schedule that made this run (on the wire too); null for a run made otherwise. */
    @JsonProperty("scheduleId")
    public String scheduleId() {
        return createdBy != null && createdBy.startsWith(BY_SCHEDULE) ? createdBy.substring(BY_SCHEDULE.length()) : null;
    }

    /** A new run of {@code deployment}, SCHEDULED for {@code due}, with no attempt yet. */
    public static FlowRun scheduled(UUID id, String name, Deployment deployment, ObjectNode parameters, Instant due,
                                    String idempotencyKey, String createdBy, Instant now) {
        DeploymentSpec spec = deployment.spec();
        return new FlowRun(id, name, deployment.id(), spec.name(), spec.flowName(), parameters,
                State.scheduled(null, null, now, due), 0, spec.retries(), spec.retryDelaySeconds(), due,
                null, null, null, null, idempotencyKey, createdBy, spec.tags(), now, now);
    }

    /**
     * This run as it is after entering {@code next}: PENDING starts a new attempt, RUNNING sets the start
     * time once, a terminal state the end time, SCHEDULED the new due time, COMPLETED the result.
     */
    public FlowRun withState(State next, Instant now) {
        StateType type = next.type();
        // a new attempt begins on entering PENDING; a PENDING run renamed (AwaitingConcurrencySlot) stays on its own
        int attempts = type == StateType.PENDING && state.type() != StateType.PENDING ? runCount + 1 : runCount;
        Instant due = type == StateType.SCHEDULED && next.scheduledTime() != null ? next.scheduledTime() : expectedStartTime;
        Instant started = type == StateType.RUNNING && startTime == null ? now : startTime;
        Instant ended = next.isTerminal() ? now : (type == StateType.SCHEDULED ? null : endTime);
        String result = type == StateType.COMPLETED ? next.resultRef() : resultRef;
        return new FlowRun(id, name, deploymentId, deploymentName, flowName, parameters, next, attempts, maxRetries,
                retryDelaySeconds, due, started, ended, infrastructureId, result, idempotencyKey, createdBy, tags,
                createdAt, now);
    }
}
