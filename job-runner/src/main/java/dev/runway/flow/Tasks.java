package dev.runway.flow;

import dev.runway.flow.internal.CurrentRun;
import dev.runway.flow.internal.TaskRunObserver;
import dev.runway.model.StateType;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * Runs one step of a flow as a task run: inside a flow run, the step's states (RUNNING, then COMPLETED or
 * FAILED) are reported to the control plane and its log lines are tagged with the task run; outside one
 * (a unit test of the flow) the body is simply called.
 *
 * <pre>{@code
 * List<Row> rows = Tasks.run("extract", () -> source.read(seed, count));
 * }</pre>
 */
public final class Tasks {

    private Tasks() {
    }

    /**
     * Runs {@code body} as the task {@code taskKey} and returns its value.
     *
     * @throws TaskFailedException when the body throws a checked exception (unchecked ones pass through unchanged)
     */
    public static <T> T run(String taskKey, Callable<T> body) {
        TaskRunObserver observer = CurrentRun.observer();
        UUID taskRunId = UUID.randomUUID();
        String outerTaskRunId = MDC.get(CurrentRun.TASK_RUN_ID_MDC_KEY);
        MDC.put(CurrentRun.TASK_RUN_ID_MDC_KEY, taskRunId.toString());
        try {
            observer.changed(taskRunId, taskKey, StateType.RUNNING, null);
            T value = body.call();
            observer.changed(taskRunId, taskKey, StateType.COMPLETED, null);
            return value;
        } catch (InterruptedException e) {
            // The flow run is being cancelled: keep the interrupt for the code around the task.
            Thread.currentThread().interrupt();
            observer.changed(taskRunId, taskKey, StateType.CANCELLED, "interrupted");
            throw new TaskFailedException(taskKey, e);
        } catch (RuntimeException | Error e) {
            observer.changed(taskRunId, taskKey, StateType.FAILED, describe(e));
            throw e;
        } catch (Exception e) {
            observer.changed(taskRunId, taskKey, StateType.FAILED, describe(e));
            throw new TaskFailedException(taskKey, e);
        } finally {
            if (outerTaskRunId == null) {
                MDC.remove(CurrentRun.TASK_RUN_ID_MDC_KEY);
            } else {
                MDC.put(CurrentRun.TASK_RUN_ID_MDC_KEY, outerTaskRunId);
            }
        }
    }

    /** Runs {@code body} as the task {@code taskKey}, for steps that return nothing. */
    public static void run(String taskKey, Runnable body) {
        run(taskKey, () -> {
            body.run();
            return null;
        });
    }

    static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }
}
