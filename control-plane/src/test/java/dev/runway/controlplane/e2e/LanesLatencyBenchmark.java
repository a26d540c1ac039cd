package dev.runway.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.ControlPlaneApplication;
import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.dispatch.pubsub.PubSubEmulator;
import dev.runway.controlplane.launch.cloudrun.GcpOnOneMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * How long a {@code hello} run takes from its trigger to RUNNING, to its flow starting and to COMPLETED on each lane,
 * cold and warm: local (in-process dispatch; the runner jar as a child process per run, or a {@code process-warm}
 * pool's runner) and gcp on one machine ({@link GcpOnOneMachine}: Pub/Sub emulator, Cloud Run fake starting the runner
 * jar per execution or as the instance of a {@code cloud-run-worker-pool}, results through the GCS adapter). Runs go
 * one after another, so this is latency, not throughput; each lane's first runs warm it up and are not counted. Times
 * come from the control plane's own state timestamps and the runner's "Running flow" log line, so polling for the end
 * adds nothing to them. Prints a table and writes it to
 * {@code target/lanes-latency.txt}; asserts nothing about time. Runs only with {@code -Drunway.bench=true}
 * ({@code bench/lanes-latency.sh}); {@code -Drunway.bench.runs} sets the runs per lane.
 */
@EnabledIfSystemProperty(named = "runway.bench", matches = "true")
class LanesLatencyBenchmark {

    private static final String KEY = "rwk_bench-admin-key";
    private static final int WARM_UP = 5;
    private static final int RUNS = Integer.getInteger("runway.bench.runs", 100);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final Path REPORT = Path.of("target", "lanes-latency.txt");

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();

    /** One run's times from its trigger (its SCHEDULED state, written as it is created), in ms. */
    private record Timing(long toRunning, long toFlowStart, long toCompleted) {
    }

    @BeforeAll
    static void runnerJarIsBuilt() {
        assertThat(GcpOnOneMachine.RUNNER_JAR).as("the runner jar, built by the functions module (bench/lanes-latency.sh builds it)")
                .isRegularFile();
    }

    @Test
    void helloFromTriggerToRunningAndToCompletedOnEachLane() throws Exception {
        List<String> report = new ArrayList<>(List.of(
                "hello, %d runs one after another per lane after %d not counted; ms from the trigger, by the control plane's state timestamps"
                        .formatted(RUNS, WARM_UP),
                "%-62s %-24s %-24s %s".formatted("", "trigger → RUNNING", "trigger → flow start", "trigger → COMPLETED"),
                "%-62s %7s %7s %7s   %7s %7s %7s   %7s %7s %7s".formatted("lane", "median", "p99", "max", "median",
                        "p99", "max", "median", "p99", "max")));
        Map<String, String> local = Map.of("server.port", "0",
                "runway.home", Files.createTempDirectory("runway-bench-local").toString(),
                "runway.auth.api-key", KEY,
                "runway.launcher.runner-jar", GcpOnOneMachine.RUNNER_JAR.toString());
        try (ConfigurableApplicationContext controlPlane = start(local)) {
            ApiClient api = api(controlPlane);
            report.add(row("local cold: in-process dispatch, a runner process per run", measure(api, "hello")));
            require(api.put("/api/work-pools/warm", "{\"type\":\"process-warm\"}"), 201);
            require(api.put("/api/deployments/hello-warm", "{\"flowName\":\"hello\",\"workPool\":\"warm\"}"), 201);
            report.add(row("local warm: in-process dispatch, a process-warm runner", measure(api, "hello-warm")));
        }
        try (GcpOnOneMachine gcp = new GcpOnOneMachine(emulator, KEY);
             ConfigurableApplicationContext controlPlane = start(gcp.properties())) {
            ApiClient api = api(controlPlane);
            require(api.put("/api/work-pools/cloud", "{\"type\":\"cloud-run\",\"baseJobTemplate\":{\"image\":\"runner:1\"}}"), 201);
            require(api.put("/api/deployments/hello-on-cloud-run", "{\"flowName\":\"hello\",\"workPool\":\"cloud\"}"), 201);
            report.add(row("gcp cold: Pub/Sub, a Cloud Run (fake) execution per run", measure(api, "hello-on-cloud-run")));
            require(api.put("/api/work-pools/warm", "{\"type\":\"cloud-run-worker-pool\",\"baseJobTemplate\":"
                    + "{\"image\":\"runner:1\",\"env\":{\"PUBSUB_EMULATOR_HOST\":\"" + emulator.hostAndPort() + "\"}}}"), 201);
            require(api.put("/api/deployments/hello-warm", "{\"flowName\":\"hello\",\"workPool\":\"warm\"}"), 201);
            report.add(row("gcp warm: Pub/Sub, a Cloud Run (fake) worker pool instance", measure(api, "hello-warm")));
        }
        String table = String.join(System.lineSeparator(), report) + System.lineSeparator();
        System.out.print(table);
        Files.writeString(REPORT, table);
    }

    private static ConfigurableApplicationContext start(Map<String, String> properties) {
        // as command-line arguments, so they take precedence over application.yml as the server's own do
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return SpringApplication.run(ControlPlaneApplication.class, args);
    }

    private static ApiClient api(ConfigurableApplicationContext controlPlane) {
        return new ApiClient("http://127.0.0.1:" + controlPlane.getEnvironment().getProperty("local.server.port"), KEY);
    }

    private static List<Timing> measure(ApiClient api, String deployment) {
        for (int i = 0; i < WARM_UP; i++) {
            runOnce(api, deployment);
        }
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            timings.add(runOnce(api, deployment));
        }
        return timings;
    }

    private static Timing runOnce(ApiClient api, String deployment) {
        ApiClient.Answer created = api.post("/api/deployments/" + deployment + "/runs", "{\"parameters\":{\"name\":\"Bench\"}}");
        require(created, 201);
        String id = created.json().get("id").asString();
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> finished(api, id));
        JsonNode run = api.get("/api/flow-runs/" + id).json();
        if (!run.get("state").get("type").asString().equals("COMPLETED")) {
            throw new IllegalStateException("run " + id + " ended " + run.get("state"));
        }
        JsonNode states = api.get("/api/flow-runs/" + id + "/states").json().get("items");
        Instant trigger = timestamp(states, "SCHEDULED");
        return new Timing(Duration.between(trigger, timestamp(states, "RUNNING")).toMillis(),
                Duration.between(trigger, flowStart(api, id)).toMillis(),
                Duration.between(trigger, timestamp(states, "COMPLETED")).toMillis());
    }

    private static boolean finished(ApiClient api, String id) {
        return switch (api.get("/api/flow-runs/" + id).json().get("state").get("type").asString()) {
            case "COMPLETED", "FAILED", "CRASHED", "CANCELLED" -> true;
            default -> false;
        };
    }

    /** When the runner logged that it starts the flow: its clock, on this machine the control plane's too. */
    private static Instant flowStart(ApiClient api, String id) {
        await().atMost(RUN_TIMEOUT).until(() -> runningFlowLine(api, id) != null);
        return Instant.parse(runningFlowLine(api, id).get("timestamp").asString());
    }

    private static JsonNode runningFlowLine(ApiClient api, String id) {
        return api.get("/api/flow-runs/" + id + "/logs?limit=100").json().get("items").valueStream()
                .filter(line -> line.get("message").asString().startsWith("Running flow")).findFirst().orElse(null);
    }

    private static Instant timestamp(JsonNode states, String type) {
        return states.valueStream().filter(state -> state.get("type").asString().equals(type))
                .map(state -> Instant.parse(state.get("timestamp").asString())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type + " state in " + states));
    }

    private static void require(ApiClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("answered " + answer.status() + ": " + answer.body());
        }
    }

    private static String row(String lane, List<Timing> timings) {
        long[] toRunning = timings.stream().mapToLong(Timing::toRunning).sorted().toArray();
        long[] toFlowStart = timings.stream().mapToLong(Timing::toFlowStart).sorted().toArray();
        long[] toCompleted = timings.stream().mapToLong(Timing::toCompleted).sorted().toArray();
        return "%-62s %s   %s   %s".formatted(lane, stats(toRunning), stats(toFlowStart), stats(toCompleted));
    }

    private static String stats(long[] sorted) {
        return "%7d %7d %7d".formatted(percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values: the smallest value at least {@code p}% of them are at most. */
    private static long percentile(long[] sorted, int p) {
        return sorted[(int) Math.ceil(p / 100.0 * sorted.length) - 1];
    }
}
