package dev.runway.flow.internal;

/**
 * The seam between the flow SDK and the runner: the runner installs an observer for the duration of a
 * flow run, and {@link dev.runway.flow.Tasks} reports to whichever is installed.
 *
 * <p>One JVM executes one flow run at a time (a warm runner runs them one after another), so this is process-wide
 * rather than per thread: tasks started on pool threads (parallel streams, executors) are reported too.
 */
public final class CurrentRun {

    /** MDC key holding the id of the task run a log line was written in. */
    public static final String TASK_RUN_ID_MDC_KEY = "runway.taskRunId";

    private static volatile TaskRunObserver observer = TaskRunObserver.NONE;

    private CurrentRun() {
    }

    public static TaskRunObserver observer() {
        return observer;
    }

    /** Reports task runs to {@code taskRunObserver} until the returned handle is closed. */
    public static Installation install(TaskRunObserver taskRunObserver) {
        observer = taskRunObserver;
        return () -> observer = TaskRunObserver.NONE;
    }

    /** Undoes an {@link #install}. */
    @FunctionalInterface
    public interface Installation extends AutoCloseable {
        @Override
        void close();
    }
}
