package dev.runway.runner;

import dev.runway.model.FlowRun;
import dev.runway.model.HeartbeatResponse;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.StateProposal;
import dev.runway.model.TaskRunReport;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's side of {@code /api/runner/flow-runs/{id}/**}, authenticated with the run token.
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the latter sets up TLS when it is
 * created, which costs about half a second of every run's start even for a plain-HTTP control plane.
 *
 * <p>Transient failures (no connection, timeouts, 5xx, 429) are retried with back-off; a proposal is
 * re-sent unchanged, so its transitionId makes the repeat harmless if only the answer was lost.
 */
final class ControlPlaneClient {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneClient.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final String runUrl;
    private final String token;
    private final RetryPolicy retry;

    ControlPlaneClient(URI apiUrl, UUID runId, String token, RetryPolicy retry) {
        String base = apiUrl.toString().endsWith("/") ? apiUrl.toString() : apiUrl + "/";
        this.runUrl = base + "api/runner/flow-runs/" + runId;
        this.token = token;
        this.retry = retry;
    }

    OrchestrationResult claim(StateProposal proposal) {
        return read(send("POST", "claim", proposal, retry), OrchestrationResult.class);
    }

    FlowRun flowRun() {
        return read(send("GET", "", null, retry), FlowRun.class);
    }

    OrchestrationResult propose(StateProposal proposal) {
        return read(send("POST", "state", proposal, retry), OrchestrationResult.class);
    }

    HeartbeatResponse heartbeat() {
        return read(send("POST", "heartbeat", null, RetryPolicy.ONCE), HeartbeatResponse.class);
    }

    void reportTaskRuns(List<TaskRunReport> reports) {
        send("POST", "task-runs", reports, retry);
    }

    void shipLogs(List<LogEntry> entries) {
        send("POST", "logs", entries, retry);
    }

    private byte[] send(String method, String path, Object body, RetryPolicy policy) {
        URI uri = URI.create(path.isEmpty() ? runUrl : runUrl + "/" + path);
        byte[] json = body == null ? null : Json.mapper().writeValueAsBytes(body);
        String what = method + " " + uri.getPath();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Throwable cause = null;
            try {
                Response response = exchange(method, uri, json);
                if (response.status() < 300) {
                    return response.body();
                }
                failure = what + " answered " + response.status() + ": " + new String(response.body(), StandardCharsets.UTF_8);
                if (response.status() < 500 && response.status() != 429) {
                    throw new ControlPlaneException(failure);
                }
            } catch (IOException e) {
                failure = what + " failed: " + e;
                cause = e;
            }
            if (attempt >= policy.attempts()) {
                throw new ControlPlaneException(failure + " (gave up after " + attempt + " attempts)", cause);
            }
            Duration delay = policy.delayAfter(attempt);
            log.warn("{}; retrying in {} ms", failure, delay.toMillis());
            pause(delay, what);
        }
    }

    private record Response(int status, byte[] body) {
    }

    private Response exchange(String method, URI uri, byte[] json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        connection.setRequestMethod(method);
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setRequestProperty("Accept", "application/json");
        if (!"GET".equals(method)) {
            byte[] content = json == null ? new byte[0] : json;
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(content.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(content);
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Response(status, in == null ? new byte[0] : in.readAllBytes());
        }
    }

    private static void pause(Duration delay, String what) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException(what + " interrupted while waiting to retry", e);
        }
    }

    private static <T> T read(byte[] body, Class<T> type) {
        return Json.mapper().readValue(body, type);
    }
}
