package dev.runway.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.flow.Tasks;
import dev.runway.model.HeartbeatResponse;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --train}: what a describe and a whole flow run do, for a JVM that records a start-up cache
 * ({@code -XX:AOTCacheOutput=…} on JDK 25, {@code -XX:ArchiveClassesAtExit=…} before) of the classes and code a runner
 * uses. The run is of a flow of the runner's own, against a stand-in for the control plane on a loopback port, with
 * its result in a temporary folder that is removed: no flow of the user's runs, though their context starts as it
 * does for describe.
 */
final class Training {

    static final String FLOW = "runway-training";
    private static final Logger log = LoggerFactory.getLogger(Training.class);
    private static final String TOKEN = "training";

    private Training() {
    }

    /** @param attempt runs the attempt that an environment names, with these flows, as a runner does */
    static void run(String[] args, BiConsumer<Map<String, String>, Supplier<FlowCatalog>> attempt) {
        ClassLoader loader = Training.class.getClassLoader();
        if (loader.getResource(DeploymentsFile.CLASSPATH_NAME) != null) {
            try (FlowCatalog catalog = FlowContext.start(args)) {
                Json.mapper().writeValueAsBytes(new DeploymentsDescriber(catalog).describe(DeploymentsFile.fromClasspath(loader)));
            }
        }
        UUID runId = UUID.randomUUID();
        Path results;
        try {
            results = Files.createTempDirectory("runway-training");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the training run's result", e);
        }
        try (StandIn controlPlane = new StandIn(runId)) {
            attempt.accept(Map.of(
                    "RUNWAY_API_URL", controlPlane.url().toString(),
                    "RUNWAY_RUN_ID", runId.toString(),
                    "RUNWAY_ATTEMPT", "1",
                    "RUNWAY_RUN_TOKEN", TOKEN,
                    "RUNWAY_RESULT_STORE", results.toUri().toString(),
                    "RUNWAY_HEARTBEAT_SECONDS", "1"),
                    () -> FlowContext.start(args, context -> context.registerBean(FLOW, Greeter.class, Greeter::new)));
        } finally {
            delete(results);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> tree = Files.walk(folder)) {
            tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove the training run's folder {}: {}", folder, e.getMessage());
        }
    }

    /** The training run's flow: logs, runs a task, returns a value, and touches nothing outside the runner. */
    static final class Greeter implements Function<Greeter.Parameters, Greeter.Greeting> {

        record Parameters(String name, int times) {
        }

        record Greeting(String message) {
        }

        @Override
        public Greeting apply(Parameters parameters) {
            log.info("Greeting {} {} times", parameters.name(), parameters.times());
            return new Greeting(Tasks.run("greet", () -> ("Hello, " + parameters.name() + "! ").repeat(parameters.times())));
        }
    }

    /** Answers the runner's calls for one run as the control plane would, accepting whatever it proposes. */
    private static final class StandIn implements AutoCloseable {

        private final HttpServer server;
        private final UUID runId;

        StandIn(UUID runId) {
            this.runId = runId;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a loopback port for the training run", e);
            }
            server.createContext("/api/runner/flow-runs/" + runId, this::answer);
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void answer(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                Object body;
                if (path.endsWith("/claim") || path.endsWith("/state")) {
                    body = new OrchestrationResult(OrchestrationResult.Status.ACCEPT, State.of(StateType.RUNNING, Instant.now()),
                            null);
                } else if (path.endsWith("/heartbeat")) {
                    body = new HeartbeatResponse(StateType.RUNNING, false);
                } else if (path.endsWith("/logs") || path.endsWith("/task-runs")) {
                    body = null;
                } else {
                    body = flowRun();
                }
                byte[] json = body == null ? new byte[0] : Json.mapper().writeValueAsBytes(body);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(body == null ? 204 : 200, body == null ? -1 : json.length);
                exchange.getResponseBody().write(json);
            }
        }

        private ObjectNode flowRun() {
            ObjectNode run = Json.mapper().createObjectNode()
                    .put("id", runId.toString())
                    .put("name", "training")
                    .put("flowName", FLOW)
                    .put("runCount", 1);
            run.putObject("parameters").put("name", "Runway").put("times", 2);
            run.set("state", Json.mapper().valueToTree(State.of(StateType.RUNNING, Instant.now())));
            return run;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
