package dev.runway.flow.internal;

import dev.runway.model.StateType;
import java.util.UUID;

/** Told about every state change of a task run. The runner's implementation reports them to the control plane. */
@FunctionalInterface
public interface TaskRunObserver {

    /** Outside a flow run nobody listens. */
    TaskRunObserver NONE = (taskRunId, taskKey, type, message) -> {
    };

    void changed(UUID taskRunId, String taskKey, StateType type, String message);
}
