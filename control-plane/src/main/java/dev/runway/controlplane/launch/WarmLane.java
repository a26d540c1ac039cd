package dev.runway.controlplane.launch;

import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.StateNames;
import dev.runway.model.WorkPool;
import dev.runway.model.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the warm lanes share: a run is handed to a long-lived runner as a start message, and a pool takes no more runs
 * than it has runners, so the rest wait in the database, visibly, and not in a queue where the launch timeout would
 * crash them.
 */
public final class WarmLane {

    /** How long a run that found every warm runner busy waits at most before it is tried again; freed runners wake it. */
    public static final Duration BUSY_RETRY = Duration.ofSeconds(30);

    private WarmLane() {
    }

    /** The start message a warm runner reads: {@code {"env":{"RUNWAY_RUN_ID":…,…}}} (see "Warm runners" in docs/api.md). */
    public static String startMessage(Map<String, String> runVariables) {
        return Json.mapper().writeValueAsString(Map.of("env", new TreeMap<>(runVariables)));
    }

    /**
     * @throws LaunchUnavailableException {@code AwaitingWarmWorker} when the pool's other runs already hold every one
     *                                    of its {@code instances} runners
     */
    public static void requireFreeRunner(FlowRunStore runs, WorkPool pool, int instances) {
        // this run's own reservation is counted too
        long others = runs.countLaunchedOrReservedInPool(pool.name()) - 1;
        if (others >= instances) {
            throw new LaunchUnavailableException(StateNames.AWAITING_WARM_WORKER, instances == 0
                    ? "work pool '" + pool.name() + "' has no warm runners (instances is 0)"
                    : "all " + instances + " warm runners of work pool '" + pool.name() + "' are running flows",
                    BUSY_RETRY, null);
        }
    }
}
