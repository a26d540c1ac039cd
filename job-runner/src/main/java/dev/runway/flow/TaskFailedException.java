package dev.runway.flow;

/** A task whose body threw a checked exception; the cause is the original. */
public class TaskFailedException extends RuntimeException {

    private final String taskKey;

    public TaskFailedException(String taskKey, Throwable cause) {
        super("task " + taskKey + " failed: " + Tasks.describe(cause), cause);
        this.taskKey = taskKey;
    }

    public String taskKey() {
        return taskKey;
    }
}
