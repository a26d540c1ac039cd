package dev.runway.controlplane.launch;

import dev.runway.controlplane.config.RunwayProperties;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The {@code RUNWAY_*} variables every launcher gives a runner: where the control plane and the result store are,
 * which run and attempt it runs with which token, and the limits it enforces. See "Runner environment" in docs/api.md.
 */
@Component
public class RunnerVariables {

    private final RunwayProperties properties;
    private final Environment environment;

    public RunnerVariables(RunwayProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** What a runner needs to run {@code request}'s attempt. */
    public Map<String, String> forRun(LaunchRequest request) {
        return Map.of(
                "RUNWAY_API_URL", apiUrl(),
                "RUNWAY_RUN_ID", request.run().id().toString(),
                "RUNWAY_ATTEMPT", Integer.toString(request.attempt()),
                "RUNWAY_RUN_TOKEN", request.runToken(),
                "RUNWAY_RESULT_STORE", properties.resultStore().toString(),
                "RUNWAY_HEARTBEAT_SECONDS", Integer.toString(properties.launcher().heartbeatSeconds()),
                "RUNWAY_LOG_MAX_LINES", Long.toString(properties.logs().maxLinesPerRun()),
                "RUNWAY_RESULT_MAX_BYTES", Long.toString(properties.results().maxBytes()));
    }

    /** What a warm runner needs whichever run it takes: the rest comes with each run ({@link #forRun}). */
    public Map<String, String> forWarmRunner(String inbox) {
        return Map.of(
                "RUNWAY_WARM_INBOX", inbox,
                "RUNWAY_API_URL", apiUrl(),
                "RUNWAY_RESULT_STORE", properties.resultStore().toString(),
                "RUNWAY_HEARTBEAT_SECONDS", Integer.toString(properties.launcher().heartbeatSeconds()));
    }

    /** {@code runway.api-url}, or this control plane on the loopback interface for runners on its machine. */
    public String apiUrl() {
        String configured = properties.apiUrl();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", "4200");
    }
}
