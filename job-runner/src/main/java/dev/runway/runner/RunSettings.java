package dev.runway.runner;

import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStores;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What the launcher tells a runner through its environment (see "Runner environment" in docs/api.md).
 */
record RunSettings(URI apiUrl, UUID runId, int attempt, String token, ResultStore resultStore, Duration heartbeatInterval,
                   RunLimits limits) {

    static RunSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, ResultStores::open);
    }

    /** @param stores opens the result store a URI names; a warm runner keeps the stores it opened for the next runs */
    static RunSettings fromEnvironment(Map<String, String> env, Function<URI, ResultStore> stores) {
        URI apiUrl = uri(required(env, "RUNWAY_API_URL"), "RUNWAY_API_URL");
        if (!"http".equals(apiUrl.getScheme()) && !"https".equals(apiUrl.getScheme())) {
            throw new ConfigurationException("RUNWAY_API_URL must be an http(s) URL, got " + apiUrl);
        }
        String runId = required(env, "RUNWAY_RUN_ID");
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("RUNWAY_RUN_ID must be a UUID, got '" + runId + "'");
        }
        int attempt = Math.toIntExact(positive(env, "RUNWAY_ATTEMPT", null, Integer.MAX_VALUE));
        String token = required(env, "RUNWAY_RUN_TOKEN");
        ResultStore resultStore = resultStore(uri(required(env, "RUNWAY_RESULT_STORE"), "RUNWAY_RESULT_STORE"), stores);
        Duration heartbeat = Duration.ofSeconds(positive(env, "RUNWAY_HEARTBEAT_SECONDS", 5L, Long.MAX_VALUE));
        RunLimits limits = new RunLimits(
                positive(env, "RUNWAY_LOG_MAX_LINES", RunLimits.DEFAULT.maxLogLines(), Long.MAX_VALUE),
                positive(env, "RUNWAY_RESULT_MAX_BYTES", RunLimits.DEFAULT.maxResultBytes(), Long.MAX_VALUE));
        return new RunSettings(apiUrl, id, attempt, token, resultStore, heartbeat, limits);
    }

    /** A whole number from 1 to {@code max}; {@code fallback} when unset, or required when that is null. */
    static long positive(Map<String, String> env, String name, Long fallback, long max) {
        String value = fallback == null ? required(env, name) : env.getOrDefault(name, fallback.toString()).strip();
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, got '" + value + "'");
        }
        if (number < 1 || number > max) {
            throw new ConfigurationException(name + " must be from 1 to " + max + ", got " + value);
        }
        return number;
    }

    /** The store the URI's scheme names (see {@link ResultStores}): a local folder, a GCS bucket. */
    private static ResultStore resultStore(URI location, Function<URI, ResultStore> stores) {
        try {
            return stores.apply(location);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("RUNWAY_RESULT_STORE: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(name + " is not set; the launcher passes it to every runner");
        }
        return value.strip();
    }

    private static URI uri(String value, String name) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + " is not a valid URI: " + value);
        }
    }
}
