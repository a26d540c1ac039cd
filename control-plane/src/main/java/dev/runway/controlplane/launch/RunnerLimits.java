package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import java.util.Map;

/**
 * What every launcher tells a runner beside where the control plane is and which run it runs: the attempt it is
 * started for (its results are kept per attempt) and the limits it enforces. See "Runner environment" in docs/api.md.
 */
public final class RunnerLimits {

    private RunnerLimits() {
    }

    public static Map<String, String> environment(RunwayProperties properties, LaunchRequest request) {
        return Map.of(
                "RUNWAY_ATTEMPT", Integer.toString(request.attempt()),
                "RUNWAY_LOG_MAX_LINES", Long.toString(properties.logs().maxLinesPerRun()),
                "RUNWAY_RESULT_MAX_BYTES", Long.toString(properties.results().maxBytes()));
    }
}
