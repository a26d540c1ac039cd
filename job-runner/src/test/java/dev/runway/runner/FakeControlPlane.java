package dev.runway.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.model.FlowRun;
import dev.runway.model.HeartbeatResponse;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.State;
import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runner's side of the control plane API, on a free local port, recording every request.
 * Tests script its answers: the claim's, the heartbeat's, and failures before a state proposal is accepted.
 */
final class FakeControlPlane implements AutoCloseable {

    static final String TOKEN = "run-token-1";

    record Request(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final UUID runId;
    private final String flowName;
    private final ObjectNode parameters;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger stateFailuresLeft = new AtomicInteger();
    private final AtomicInteger logLinesTaken = new AtomicInteger();
    private final List<Request> refusedLogs = new CopyOnWriteArrayList<>();
    private volatile int logLinesToTake = Integer.MAX_VALUE;
    private volatile OrchestrationResult.Status claimAnswer = OrchestrationResult.Status.ACCEPT;
    private volatile BooleanSupplier cancelRequested = () -> false;

    FakeControlPlane(UUID runId, String flowName, ObjectNode parameters) throws IOException {
        this.runId = runId;
        this.flowName = flowName;
        this.parameters = parameters;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/runner/flow-runs/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answerClaimWith(OrchestrationResult.Status status) {
        claimAnswer = status;
    }

    void requestCancellationWhen(BooleanSupplier condition) {
        cancelRequested = condition;
    }

    void failNextStateProposals(int count) {
        stateFailuresLeft.set(count);
    }

    /** Answers 503 to every log batch once it has taken {@code lines} lines, as if its log store were down. */
    void stopTakingLogsAfter(int lines) {
        logLinesToTake = lines;
    }

    /** The bodies of the log batches it refused, in the order they came. */
    List<List<LogEntry>> refusedLogBatches() {
        return refusedLogs.stream().map(r -> Json.mapper().readValue(r.body(), new TypeReference<List<LogEntry>>() { }))
                .toList();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<String> paths() {
        return requests.stream().map(Request::path).toList();
    }

    List<StateProposal> stateProposals() {
        return bodies("/state", StateProposal.class);
    }

    /** The log lines it took, in the order they came. */
    List<LogEntry> logs() {
        return withSuffix("/logs").stream()
                .filter(request -> refusedLogs.stream().noneMatch(refused -> refused == request))
                .flatMap(request -> Json.mapper().readValue(request.body(), new TypeReference<List<LogEntry>>() { }).stream())
                .toList();
    }

    List<TaskRunReport> taskRuns() {
        return bodies("/task-runs", new TypeReference<List<TaskRunReport>>() { }).stream().flatMap(List::stream).toList();
    }

    private <T> List<T> bodies(String suffix, Class<T> type) {
        return withSuffix(suffix).stream().map(r -> Json.mapper().readValue(r.body(), type)).toList();
    }

    private <T> List<T> bodies(String suffix, TypeReference<T> type) {
        return withSuffix(suffix).stream().map(r -> Json.mapper().readValue(r.body(), type)).toList();
    }

    private List<Request> withSuffix(String suffix) {
        return requests.stream().filter(r -> r.path().endsWith(suffix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        Request request = new Request(exchange.getRequestMethod(), path,
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        requests.add(request);
        String runPath = "/api/runner/flow-runs/" + runId;
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, null);
        } else if (path.equals(runPath)) {
            answer(exchange, 200, flowRun());
        } else if (path.equals(runPath + "/claim")) {
            answer(exchange, 200, new OrchestrationResult(claimAnswer, State.of(StateType.RUNNING, Instant.now()),
                    claimAnswer == OrchestrationResult.Status.ACCEPT ? null : "another runner holds this run"));
        } else if (path.equals(runPath + "/heartbeat")) {
            answer(exchange, 200, new HeartbeatResponse(StateType.RUNNING, cancelRequested.getAsBoolean()));
        } else if (path.equals(runPath + "/state")) {
            if (stateFailuresLeft.getAndDecrement() > 0) {
                answer(exchange, 503, null);
            } else {
                StateProposal proposal = Json.mapper().readValue(body, StateProposal.class);
                answer(exchange, 200, new OrchestrationResult(OrchestrationResult.Status.ACCEPT,
                        new State(proposal.type(), null, proposal.message(), Instant.now(), null, proposal.resultRef()),
                        null));
            }
        } else if (path.equals(runPath + "/logs")) {
            if (logLinesTaken.get() >= logLinesToTake) {
                refusedLogs.add(request);
                answer(exchange, 503, null);
            } else {
                logLinesTaken.addAndGet(Json.mapper().readTree(body).size());
                answer(exchange, 204, null);
            }
        } else if (path.equals(runPath + "/task-runs")) {
            answer(exchange, 204, null);
        } else {
            answer(exchange, 404, null);
        }
    }

    private FlowRun flowRun() {
        Instant now = Instant.now();
        return new FlowRun(runId, "test-run", UUID.randomUUID(), "test", flowName, parameters,
                State.of(StateType.PENDING, now), 1, 0, 0, now, null, null, null, null, null, "test", new ArrayList<>(),
                now, now);
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : Json.mapper().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
