package dev.runway.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.api.ApiClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The local warm lane end to end: a {@code process-warm} pool's runner (the runner jar with {@code --warm}, started
 * by the control plane) takes runs one after another in one JVM, and one run's failure, cancellation or crash does not
 * take the next.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProcessWarmEndToEndTest {

    private static final String KEY = "rwk_warm-e2e-admin-key";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        LocalRunners.register(registry, "runway-warm-e2e", KEY);
    }

    @BeforeAll
    static void runnerJarIsBuilt() {
        LocalRunners.requireRunnerJar();
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
        assertThat(api.put("/api/work-pools/warm", "{\"type\": \"process-warm\", \"baseJobTemplate\": {\"env\": {\"TEAM\": \"data\"}}}")
                .status()).isIn(200, 201);
        for (String flow : new String[] {"hello", "sleep", "failOnPurpose"}) {
            var answer = api.put("/api/deployments/warm-" + flow.toLowerCase(java.util.Locale.ROOT),
                    "{\"flowName\": \"" + flow + "\", \"workPool\": \"warm\"}");
            assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        }
    }

    @Test
    void runsOneAfterAnotherOnOneWarmRunnerEachWithOnlyItsOwnParametersAndLogs() {
        String first = api.startRun("warm-hello", "{\"name\": \"Ada\"}");
        JsonNode firstRun = api.awaitState(first, "COMPLETED", RUN_TIMEOUT);
        String second = api.startRun("warm-hello", "{\"name\": \"Grace\"}");
        JsonNode secondRun = api.awaitState(second, "COMPLETED", RUN_TIMEOUT);

        assertThat(runner(secondRun)).as("the same warm runner process").isEqualTo(runner(firstRun));
        assertThat(api.get("/api/flow-runs/" + second + "/result").body()).contains("Hello, Grace").doesNotContain("Ada");
        assertThat(logs(second)).contains("Grace").doesNotContain("Ada");
        assertThat(logs(first)).contains("Ada").doesNotContain("Grace");
    }

    @Test
    void aFlowThatThrowsFailsItsRunAndTheRunnerTakesTheNext() {
        String failing = api.startRun("warm-failonpurpose", "{\"reason\": \"boom on purpose\"}");
        JsonNode failed = api.awaitState(failing, "FAILED", RUN_TIMEOUT);
        assertThat(failed.get("state").get("message").asString()).contains("boom on purpose");

        JsonNode next = api.awaitState(api.startRun("warm-hello", "{}"), "COMPLETED", RUN_TIMEOUT);

        assertThat(runner(next)).isEqualTo(runner(failed));
    }

    @Test
    void aLoopingFlowRunsUntilCancelledAndTheRunnerTakesTheNext() {
        String looping = api.startRun("warm-sleep", "{\"seconds\": 600}");
        JsonNode running = api.awaitState(looping, "RUNNING", RUN_TIMEOUT);
        await().atMost(RUN_TIMEOUT).until(() -> logs(looping).contains("Slept 2 of 600 seconds"));

        assertThat(api.post("/api/flow-runs/" + looping + "/cancel", "").status()).isEqualTo(200);
        api.awaitState(looping, "CANCELLED", RUN_TIMEOUT);
        JsonNode next = api.awaitState(api.startRun("warm-hello", "{}"), "COMPLETED", RUN_TIMEOUT);

        assertThat(runner(next)).as("a flow that stopped when asked leaves its runner fit for the next")
                .isEqualTo(runner(running));
    }

    @Test
    void aRunnerKilledMidRunCrashesThatRunAndIsReplacedForTheNext() {
        String looping = api.startRun("warm-sleep", "{\"seconds\": 600}");
        JsonNode running = api.awaitState(looping, "RUNNING", RUN_TIMEOUT);
        long pid = Long.parseLong(runner(running));

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode crashed = api.awaitState(looping, "CRASHED", RUN_TIMEOUT);
        assertThat(crashed.get("state").get("message").asString()).contains("warm runner " + pid + " exited");
        JsonNode next = api.awaitState(api.startRun("warm-hello", "{}"), "COMPLETED", RUN_TIMEOUT);
        assertThat(runner(next)).as("a new runner").isNotEqualTo(Long.toString(pid));
    }

    @Test
    void aRunWaitsForTheBusyRunnerAndStartsAsSoonAsItIsFree() {
        String busy = api.startRun("warm-sleep", "{\"seconds\": 3}");
        api.awaitState(busy, "RUNNING", RUN_TIMEOUT);

        String waiting = api.startRun("warm-hello", "{}");
        await().atMost(RUN_TIMEOUT).until(() -> "AwaitingWarmWorker".equals(
                api.get("/api/flow-runs/" + waiting).json().get("state").get("name").asString()));
        JsonNode done = api.awaitState(waiting, "COMPLETED", RUN_TIMEOUT);

        JsonNode first = api.get("/api/flow-runs/" + busy).json();
        assertThat(first.get("state").get("type").asString()).isEqualTo("COMPLETED");
        assertThat(runner(done)).isEqualTo(runner(first));
    }

    /** The pid of the warm runner that ran it: its infrastructure id is process-warm:<pid>:<start>:<run id>. */
    private static String runner(JsonNode run) {
        return run.get("infrastructureId").asString().split(":")[1];
    }

    private String logs(String id) {
        return api.get("/api/flow-runs/" + id + "/logs?limit=500").body();
    }

}
