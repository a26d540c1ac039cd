package dev.runway.cli;

import dev.runway.model.CreateFlowRun;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSchedule;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.WebhookWithSecret;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolImage;
import dev.runway.model.WorkPoolLimit;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The control plane's HTTP API (docs/api.md) as the CLI uses it. Every failure becomes a {@link CommandFailure}. */
final class RunwayApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int STATES_PAGE = 500;
    private static final int POOLS_PAGE = 200;
    private static final int DEPLOYMENTS_PAGE = 200;
    private static final int WEBHOOKS_PAGE = 200;
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private record ProblemBody(String title, String detail, List<ApiProblem.FieldError> errors) {
    }

    private final HttpClient http;
    private final String baseUrl;
    private final ApiKey key;

    /** @param key null for the endpoints that need none (health) */
    RunwayApi(HttpClient http, String baseUrl, ApiKey key) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.key = key;
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode health() {
        return read(exchange("GET", "/api/health", null), new TypeReference<>() { });
    }

    Deployment deployment(String name) {
        return read(exchange("GET", "/api/deployments/" + segment(name), null), new TypeReference<>() { });
    }

    /** Creates or updates a deployment; answers {@code created}, {@code updated} or {@code unchanged}. */
    String upsert(DeploymentSpec spec) {
        HttpResponse<byte[]> response = exchange("PUT", "/api/deployments/" + segment(spec.name()), spec);
        // The header tells updated from unchanged; without it the status still tells created from the rest.
        return response.headers().firstValue("Runway-Upsert")
                .orElse(response.statusCode() == 201 ? "created" : "updated");
    }

    /** Every deployment, by name, read page by page. */
    List<Deployment> deployments() {
        List<Deployment> deployments = new ArrayList<>();
        Page<Deployment> page;
        do {
            String path = "/api/deployments?offset=" + deployments.size() + "&limit=" + DEPLOYMENTS_PAGE;
            page = read(exchange("GET", path, null), new TypeReference<Page<Deployment>>() { });
            deployments.addAll(page.items());
        } while (!page.items().isEmpty() && deployments.size() < page.total());
        return deployments;
    }

    /** Deletes a deployment; false when there was none of that name (any more). */
    boolean deleteDeployment(String name) {
        try {
            exchange("DELETE", "/api/deployments/" + segment(name), null);
            return true;
        } catch (ApiProblem problem) {
            if (problem.status() == 404) {
                return false;
            }
            throw problem;
        }
    }

    FlowRun createRun(String deployment, CreateFlowRun body) {
        return read(exchange("POST", "/api/deployments/" + segment(deployment) + "/runs", body), new TypeReference<>() { });
    }

    Page<FlowRun> flowRuns(Map<String, String> query) {
        return read(exchange("GET", "/api/flow-runs" + queryString(query), null), new TypeReference<>() { });
    }

    FlowRun flowRun(UUID id) {
        return read(exchange("GET", "/api/flow-runs/" + id, null), new TypeReference<>() { });
    }

    /** Every state of the run, oldest first, read page by page. */
    List<State> states(UUID id) {
        List<State> states = new ArrayList<>();
        Page<State> page;
        do {
            String path = "/api/flow-runs/" + id + "/states?offset=" + states.size() + "&limit=" + STATES_PAGE;
            page = read(exchange("GET", path, null), new TypeReference<Page<State>>() { });
            states.addAll(page.items());
        } while (!page.items().isEmpty() && states.size() < page.total());
        return states;
    }

    JsonNode result(UUID id) {
        return read(exchange("GET", "/api/flow-runs/" + id + "/result", null), new TypeReference<>() { });
    }

    List<LogEntry> logs(UUID id, int offset, int limit) {
        String path = "/api/flow-runs/" + id + "/logs?offset=" + offset + "&limit=" + limit;
        return read(exchange("GET", path, null), new TypeReference<Page<LogEntry>>() { }).items();
    }

    OrchestrationResult cancel(UUID id) {
        return read(exchange("POST", "/api/flow-runs/" + id + "/cancel", null), new TypeReference<>() { });
    }

    /** Every work pool, by name, read page by page. */
    List<WorkPool> workPools() {
        List<WorkPool> pools = new ArrayList<>();
        Page<WorkPool> page;
        do {
            String path = "/api/work-pools?offset=" + pools.size() + "&limit=" + POOLS_PAGE;
            page = read(exchange("GET", path, null), new TypeReference<Page<WorkPool>>() { });
            pools.addAll(page.items());
        } while (!page.items().isEmpty() && pools.size() < page.total());
        return pools;
    }

    /**
     * What setting a pool's limit did: the pool as it is now, and the limit replaced as the server tells it (a number
     * or {@code none}; null from a server that does not tell).
     */
    record LimitChange(WorkPool pool, String previous) {
    }

    /** Sets the pool's concurrency limit alone, or removes it (null), leaving its other settings as they are then. */
    LimitChange setWorkPoolLimit(String name, Integer limit) {
        String path = "/api/work-pools/" + segment(name) + "/concurrency-limit";
        HttpResponse<byte[]> response = limit == null ? exchange("DELETE", path, null)
                : exchange("PUT", path, new WorkPoolLimit(limit));
        return new LimitChange(read(response, new TypeReference<>() { }),
                response.headers().firstValue("Runway-Previous-Concurrency-Limit").orElse(null));
    }

    /** What setting a pool's image did: the pool as it is now, and the image replaced as the server tells it. */
    record ImageChange(WorkPool pool, String previous) {
    }

    /** Sets the image of the pool's base job template alone, leaving its other settings as they are then. */
    ImageChange setWorkPoolImage(String name, String image) {
        HttpResponse<byte[]> response = exchange("PUT", "/api/work-pools/" + segment(name) + "/image",
                new WorkPoolImage(image));
        return new ImageChange(read(response, new TypeReference<>() { }),
                response.headers().firstValue("Runway-Previous-Image").orElse(null));
    }

    /** Pauses or resumes the pool. */
    WorkPool pauseWorkPool(String name, boolean paused) {
        return read(exchange("POST", "/api/work-pools/" + segment(name) + (paused ? "/pause" : "/resume"), null),
                new TypeReference<>() { });
    }

    /**
     * Creates a webhook; the answer holds its secret, which nothing shows again (a Slack webhook's secret is sent, as
     * Slack made it, and not shown back).
     */
    WebhookWithSecret createWebhook(WebhookSpec spec) {
        ObjectNode body = Json.mapper().valueToTree(spec);
        if (spec.secret() != null) {
            // the spec never writes its secret, so that nothing shows it by mistake: it is put in here alone
            body.put("secret", spec.secret());
        }
        return read(exchange("POST", "/api/webhooks", body), new TypeReference<>() { });
    }

    /** Every webhook, by slug, read page by page. */
    List<Webhook> webhooks() {
        List<Webhook> webhooks = new ArrayList<>();
        Page<Webhook> page;
        do {
            String path = "/api/webhooks?offset=" + webhooks.size() + "&limit=" + WEBHOOKS_PAGE;
            page = read(exchange("GET", path, null), new TypeReference<Page<Webhook>>() { });
            webhooks.addAll(page.items());
        } while (!page.items().isEmpty() && webhooks.size() < page.total());
        return webhooks;
    }

    /**
     * Gives the webhook a new secret, in the answer only; the old one is refused from then on. A Slack webhook takes
     * {@code given}, the app's new signing secret; the others make their own ({@code given} null).
     */
    WebhookWithSecret rotateWebhookSecret(String slug, String given) {
        return read(exchange("POST", "/api/webhooks/" + segment(slug) + "/rotate-secret",
                given == null ? null : Map.of("secret", given)), new TypeReference<>() { });
    }

    Webhook enableWebhook(String slug, boolean enabled) {
        return read(exchange("POST", "/api/webhooks/" + segment(slug) + (enabled ? "/enable" : "/disable"), null),
                new TypeReference<>() { });
    }

    void deleteWebhook(String slug) {
        exchange("DELETE", "/api/webhooks/" + segment(slug), null);
    }

    /** The deployment's schedules with their next fire times. */
    List<DeploymentSchedule> schedules(String deployment) {
        return read(exchange("GET", "/api/deployments/" + segment(deployment) + "/schedules", null),
                new TypeReference<>() { });
    }

    /** Pauses or resumes one of the deployment's schedules. */
    DeploymentSchedule pauseSchedule(String deployment, String id, boolean paused) {
        String path = "/api/deployments/" + segment(deployment) + "/schedules/" + segment(id)
                + (paused ? "/pause" : "/resume");
        return read(exchange("POST", path, null), new TypeReference<>() { });
    }

    private HttpResponse<byte[]> exchange(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (key != null) {
            request.header("Authorization", "Bearer " + key.value());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
        }
        HttpResponse<byte[]> response = send(request.build());
        if (response.statusCode() >= 400) {
            throw problem(method, path, response);
        }
        return response;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable();
        } catch (HttpTimeoutException e) {
            throw new CommandFailure("Runway at " + baseUrl + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new CommandFailure("lost the connection to Runway at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted", e);
        }
    }

    private CommandFailure unreachable() {
        String host = URI.create(baseUrl).getHost();
        String advice = host != null && LOCAL_HOSTS.contains(host)
                ? " — start it with ./runway server start"
                : " — check --api-url or RUNWAY_API_URL";
        return new CommandFailure("cannot reach Runway at " + baseUrl + advice);
    }

    private ApiProblem problem(String method, String path, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String hint = status == 401 && key != null ? "the API key came from " + key.source() : null;
        ProblemBody body = parseProblem(response.body());
        if (body == null || body.title() == null) {
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            String detail = text.length() > 300 ? text.substring(0, 300) + "…" : text;
            return new ApiProblem(status, "HTTP " + status + " from " + method + " " + path, detail, List.of(), hint);
        }
        return new ApiProblem(status, body.title(), body.detail(), body.errors(), hint);
    }

    private static ProblemBody parseProblem(byte[] body) {
        try {
            return Json.mapper().readValue(body, ProblemBody.class);
        } catch (JacksonException notAProblem) {
            return null;
        }
    }

    private <T> T read(HttpResponse<byte[]> response, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new CommandFailure("Runway at " + baseUrl + " answered " + response.request().method() + " "
                    + response.uri().getRawPath() + " with something this CLI does not understand: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(entry -> segment(entry.getKey()) + "=" + segment(entry.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
