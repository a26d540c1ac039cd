package dev.runway.runner;

import dev.runway.model.result.LocalFolderResultStore;
import dev.runway.model.result.ResultStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * What the launcher tells a runner through its environment (see "Runner environment" in docs/api.md).
 */
record RunSettings(URI apiUrl, UUID runId, String token, ResultStore resultStore, Duration heartbeatInterval) {

    static RunSettings fromEnvironment(Map<String, String> env) {
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
        String token = required(env, "RUNWAY_RUN_TOKEN");
        ResultStore resultStore = resultStore(uri(required(env, "RUNWAY_RESULT_STORE"), "RUNWAY_RESULT_STORE"));
        String seconds = env.getOrDefault("RUNWAY_HEARTBEAT_SECONDS", "5");
        Duration heartbeat;
        try {
            heartbeat = Duration.ofSeconds(Long.parseLong(seconds.strip()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("RUNWAY_HEARTBEAT_SECONDS must be a whole number of seconds, got '" + seconds + "'");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new ConfigurationException("RUNWAY_HEARTBEAT_SECONDS must be at least 1, got " + seconds);
        }
        return new RunSettings(apiUrl, id, token, resultStore, heartbeat);
    }

    /** Only local folders for now; a GCS adapter will answer {@code gs://bucket/prefix}. */
    private static ResultStore resultStore(URI location) {
        if ("file".equals(location.getScheme()) && location.getAuthority() == null && location.getPath() != null
                && location.getPath().startsWith("/")) {
            return new LocalFolderResultStore(Path.of(location));
        }
        throw new ConfigurationException("RUNWAY_RESULT_STORE " + location
                + " is not supported by this runner; use a local folder as file:///absolute/path/");
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
