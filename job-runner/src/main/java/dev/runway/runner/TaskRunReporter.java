package dev.runway.runner;

import dev.runway.flow.internal.TaskRunObserver;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import java.time.Clock;
import java.util.UUID;

/**
 * Turns the task-run states {@link dev.runway.flow.Tasks} observes into reports for the control plane; not those of
 * threads another run left behind ({@link RunThreads}).
 */
final class TaskRunReporter implements TaskRunObserver {

    private final BatchSender<TaskRunReport> sender;
    private final Clock clock;
    private final ThreadGroup runThreads;

    TaskRunReporter(BatchSender<TaskRunReport> sender, Clock clock, ThreadGroup runThreads) {
        this.sender = sender;
        this.clock = clock;
        this.runThreads = runThreads;
    }

    @Override
    public void changed(UUID taskRunId, String taskKey, StateType type, String message) {
        if (RunThreads.currentBelongsToAnotherRun(runThreads)) {
            return;
        }
        // Tasks are not mapped or retried yet: every call is map index 0, attempt 1.
        sender.add(new TaskRunReport(taskRunId, taskKey, 0, type, type.defaultName(), message, 1, clock.instant()));
    }
}
