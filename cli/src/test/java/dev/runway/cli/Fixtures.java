package dev.runway.cli;

import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** Wire values as the control plane would answer them. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-24T22:51:00Z");

    private Fixtures() {
    }

    static ObjectNode json(String text) {
        return (ObjectNode) Json.mapper().readTree(text);
    }

    static Deployment aDeployment(String name, String parameterSchema) {
        return new Deployment(UUID.randomUUID(), new DeploymentSpec(name, name, null, "1", json("{}"),
                json(parameterSchema), List.of(), "local", false, 0, 0, json("{}")), T0, T0);
    }

    /** All of {@code items} as one page, as a listing endpoint answers when they fit. */
    static <T> Page<T> aPage(List<T> items) {
        return new Page<>(List.copyOf(items), 0, Math.max(items.size(), 1), items.size());
    }

    static State aState(StateType type, int secondsAfterT0) {
        return State.of(type, T0.plusSeconds(secondsAfterT0));
    }

    static LogEntry aLog(String message, int secondsAfterT0) {
        return new LogEntry(T0.plusSeconds(secondsAfterT0), "INFO", "flows.hello", message, null);
    }

    static FlowRun aFlowRun(UUID id, String deployment, State state) {
        return aFlowRun(id, "crimson-fox", deployment, json("{\"name\":\"Ada\"}"), state);
    }

    static FlowRun aFlowRun(UUID id, String name, String deployment, ObjectNode parameters, State state) {
        return new FlowRun(id, name, UUID.randomUUID(), deployment, deployment, parameters,
                state, 1, 0, 0, T0, null, null, null, null, null, "manual", List.of(), T0, T0);
    }

    static FlowRun aFinishedRun(UUID id, String deployment, State state, Instant start, Instant end) {
        FlowRun run = aFlowRun(id, deployment, state);
        return new FlowRun(run.id(), run.name(), run.deploymentId(), run.deploymentName(), run.flowName(),
                run.parameters(), state, 1, 0, 0, T0, start, end, "pid 4242", "file:///tmp/results/" + id + ".json",
                null, "manual", List.of(), T0, end);
    }
}
