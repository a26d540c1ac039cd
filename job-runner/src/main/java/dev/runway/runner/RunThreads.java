package dev.runway.runner;

import java.util.UUID;

/**
 * The threads of one flow run: its flow's thread, in a group of the run's own, and the platform threads that thread
 * starts, which join the group. A warm runner runs flow runs one after another in one JVM, and a flow may leave a
 * thread behind that keeps logging or running tasks: what such a thread does reaches no later run.
 */
final class RunThreads {

    private static final String PREFIX = "flow-run-";

    private RunThreads() {
    }

    static ThreadGroup group(UUID runId, int attempt) {
        return new ThreadGroup(PREFIX + runId + "-" + attempt);
    }

    /** Whether the calling thread belongs to the group of another flow run than {@code own}'s. */
    static boolean currentBelongsToAnotherRun(ThreadGroup own) {
        for (ThreadGroup group = Thread.currentThread().getThreadGroup(); group != null; group = group.getParent()) {
            if (group == own) {
                return false;
            }
            if (group.getName().startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }
}
