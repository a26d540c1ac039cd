package dev.runway.runner;

import java.util.concurrent.ThreadFactory;

/**
 * The runtime's own background threads (reporting, heartbeats). They never wait for room in a full delivery
 * queue: the reporting thread is the one that empties it, and a heartbeat must not stall behind a flow's logs.
 */
final class RuntimeThreads {

    private static final ThreadLocal<Boolean> RUNTIME = ThreadLocal.withInitial(() -> false);

    private RuntimeThreads() {
    }

    static ThreadFactory named(String name) {
        ThreadFactory threads = Thread.ofPlatform().name(name).daemon().factory();
        return task -> threads.newThread(() -> {
            RUNTIME.set(true);
            task.run();
        });
    }

    /** Whether the calling thread is one of the runtime's own. */
    static boolean isCurrent() {
        return RUNTIME.get();
    }
}
