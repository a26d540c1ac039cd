package dev.runway.controlplane.api;

import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** A small HTTP client for tests: sends raw bodies, so malformed input can be sent too. */
public record ApiClient(String baseUrl, String key) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public record Answer(int status, String contentType, String body, HttpHeaders headers) {

        /** An answer whose headers are not kept but for its content type. */
        public Answer(int status, String contentType, String body) {
            this(status, contentType, body, HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        public JsonNode json() {
            return Json.mapper().readTree(body);
        }

        /** The header's first value; null when the answer has none. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer post(String path, String body) {
        return send("POST", path, body);
    }

    public Answer put(String path, String body) {
        return send("PUT", path, body);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** Starts a run of {@code deployment} with {@code parameters} (JSON) and returns its id; anything but 201 fails. */
    public String startRun(String deployment, String parameters) {
        Answer answer = post("/api/deployments/" + deployment + "/runs", "{\"parameters\":" + parameters + "}");
        if (answer.status() != 201) {
            throw new AssertionError("starting a run of " + deployment + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("id").asString();
    }

    /** The run once its state is of {@code type}; fails, showing the run as last seen, after {@code timeout}. */
    public JsonNode awaitState(String id, String type, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last[0] = get("/api/flow-runs/" + id).json();
            Assertions.assertThat(last[0].get("state").get("type").asString()).as(last[0].toString()).isEqualTo(type);
        });
        return last[0];
    }

    public ApiClient withKey(String otherKey) {
        return new ApiClient(baseUrl, otherKey);
    }

    public Answer send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
