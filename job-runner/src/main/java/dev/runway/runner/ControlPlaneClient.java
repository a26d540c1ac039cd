package dev.runway.runner;

import dev.runway.model.FlowRun;
import dev.runway.model.HeartbeatResponse;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.StateProposal;
import dev.runway.model.TaskRunReport;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's side of {@code /api/runner/flow-runs/{id}/**}, authenticated with the run token.
 *
 * <p>Transient failures (no connection, timeouts, 5xx, 429) are retried with back-off; a proposal is
 * re-sent unchanged, so its transitionId makes the repeat harmless if only the answer was lost.
 */
final class ControlPlaneClient {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneClient.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String runUrl;
    private final String token;
    private final RetryPolicy retry;

    ControlPlaneClient(URI apiUrl, UUID runId, String token, RetryPolicy retry) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
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
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody()
                        : BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)))
                .build();
        String what = method + " " + uri.getPath();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Throwable cause = null;
            try {
                HttpResponse<byte[]> response = http.send(request, BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status < 300) {
                    return response.body();
                }
                failure = what + " answered " + status + ": " + new String(response.body());
                if (status < 500 && status != 429) {
                    throw new ControlPlaneException(failure);
                }
            } catch (IOException e) {
                failure = what + " failed: " + e;
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControlPlaneException(what + " interrupted", e);
            }
            if (attempt >= policy.attempts()) {
                throw new ControlPlaneException(failure + " (gave up after " + attempt + " attempts)", cause);
            }
            Duration delay = policy.delayAfter(attempt);
            log.warn("{}; retrying in {} ms", failure, delay.toMillis());
            pause(delay, what);
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
