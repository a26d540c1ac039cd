package dev.runway.controlplane.orchestration;

import dev.runway.model.FlowRun;
import dev.runway.model.State;

/** Published after a state change has committed. */
public record FlowRunStateChanged(FlowRun run, State previous) {
}
