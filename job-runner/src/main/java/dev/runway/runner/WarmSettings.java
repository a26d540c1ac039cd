package dev.runway.runner;

import java.time.Duration;
import java.util.Map;

/**
 * What a warm runner ({@code --warm}) reads from its own environment besides what its runs' start messages may carry:
 * {@code RUNWAY_WARM_INBOX}, where the start messages come from ({@code stdin} or
 * {@code pubsub:projects/<project>/subscriptions/<subscription>}), and {@code RUNWAY_DRAIN_SECONDS}, how long a run
 * under way gets to finish once the runner is told to stop (default 8: Cloud Run leaves 10 s between SIGTERM and
 * SIGKILL).
 */
record WarmSettings(String inbox, Duration drain) {

    static final long DEFAULT_DRAIN_SECONDS = 8;
    private static final long MAX_DRAIN_SECONDS = 3600;

    static WarmSettings fromEnvironment(Map<String, String> env) {
        String inbox = env.get("RUNWAY_WARM_INBOX");
        if (inbox == null || inbox.isBlank()) {
            throw new ConfigurationException("RUNWAY_WARM_INBOX is not set; --warm takes its start messages from "
                    + "stdin or pubsub:projects/<project>/subscriptions/<subscription>");
        }
        long drain = RunSettings.positive(env, "RUNWAY_DRAIN_SECONDS", DEFAULT_DRAIN_SECONDS, MAX_DRAIN_SECONDS);
        return new WarmSettings(inbox.strip(), Duration.ofSeconds(drain));
    }
}
