package dev.runway.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.api.ApiClient.Answer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole life of a run on one machine: the control plane registers the example deployments from
 * the runner jar, dispatches through the outbox, launches the runner jar as a child process, and the
 * runner claims, heartbeats, ships logs, stores the result and reports the final state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndTest {

    private static final String KEY = "rwk_e2e-admin-key";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        LocalRunners.register(registry, "runway-e2e", KEY);
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
    }

    @Test
    void theExampleDeploymentsAreRegisteredWithTheirParameterSchemas() {
        JsonNode hello = api.get("/api/deployments/hello").json();

        assertThat(hello.get("flowName").asString()).isNotBlank();
        assertThat(hello.get("parameterSchema").get("properties").has("name")).isTrue();
        assertThat(api.get("/api/deployments").json().get("items").valueStream().map(d -> d.get("name").asString()))
                .contains("hello", "etl", "fail-on-purpose", "sleep", "chatty");
    }

    @Test
    void aDeploymentOfAFlowTheRunnerJarDoesNotHaveIs422NamingTheFlowsItHas() {
        Answer answer = api.put("/api/deployments/typo", "{\"flowName\":\"helo\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("flowName");
        assertThat(error.get("message").asString()).contains("'helo'").contains("hello").contains("etl");
        assertThat(api.get("/api/deployments/typo").status()).isEqualTo(404);
        assertThat(api.put("/api/deployments/greeting", "{\"flowName\":\"hello\"}").json().get("warnings").isEmpty())
                .isTrue();
    }

    @Test
    void helloRunsToCompletedAndItsResultAndLogsCanBeRead() {
        long started = System.nanoTime();
        String id = api.startRun("hello", "{\"name\":\"Ada\"}");

        JsonNode run = api.awaitState(id, "COMPLETED", RUN_TIMEOUT);
        System.out.printf("e2e: hello from POST to COMPLETED in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertThat(run.get("infrastructureId").asString()).startsWith("process:");
        assertThat(api.get("/api/flow-runs/" + id + "/result").body()).contains("Hello, Ada");
        assertThat(types(api.get("/api/flow-runs/" + id + "/states").json().get("items")))
                .containsExactly("SCHEDULED", "PENDING", "RUNNING", "COMPLETED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(messages(id)).anyMatch(m -> m.contains("Ada")));
    }

    @Test
    void aFlowThatThrowsEndsFailedWithItsMessageAndTheStackTraceInTheLogs() {
        String id = api.startRun("fail-on-purpose", "{}");

        JsonNode run = api.awaitState(id, "FAILED", RUN_TIMEOUT);

        assertThat(run.get("state").get("message").asString()).isNotBlank();
        assertThat(messages(id)).anyMatch(m -> m.contains(run.get("state").get("message").asString()) && m.contains("\tat "));
    }

    @Test
    void aRunnerKilledMidFlowEndsCrashed() {
        String id = api.startRun("sleep", "{\"seconds\":60}");
        JsonNode running = api.awaitState(id, "RUNNING", RUN_TIMEOUT);
        long pid = pid(running);

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode crashed = api.awaitState(id, "CRASHED", Duration.ofSeconds(20));
        assertThat(crashed.get("state").get("message").asString()).containsAnyOf("killed", "heartbeat");
    }

    @Test
    void aCancelledRunStopsItsRunnerAndEndsCancelled() {
        String id = api.startRun("sleep", "{\"seconds\":60}");
        JsonNode running = api.awaitState(id, "RUNNING", RUN_TIMEOUT);
        long pid = pid(running);

        Answer cancel = api.post("/api/flow-runs/" + id + "/cancel", null);
        assertThat(cancel.json().get("state").get("type").asString()).isEqualTo("CANCELLING");

        api.awaitState(id, "CANCELLED", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void everyLineOfABurstOf50000ReachesTheRunsLogsFromAFlowInTheUsersOwnPackage() {
        String id = api.startRun("chatty", "{\"lines\":50000}");

        api.awaitState(id, "COMPLETED", RUN_TIMEOUT);

        List<String> lines = allMessages(id).stream().filter(m -> m.startsWith("Line ")).toList();
        assertThat(lines).hasSize(50_000);
        assertThat(lines.getFirst()).isEqualTo("Line 1 of 50000");
        assertThat(lines.getLast()).isEqualTo("Line 50000 of 50000");
    }

    @Test
    void aPoolWithALimitOfOneRunsItsRunsOneAfterAnotherInTheOrderTheyCame() {
        assertThat(api.put("/api/work-pools/single", "{\"type\":\"process\",\"concurrencyLimit\":1}").status()).isEqualTo(201);
        assertThat(api.put("/api/deployments/hello-single",
                "{\"flowName\":\"hello\",\"workPool\":\"single\",\"parameters\":{\"name\":\"Ada\"}}").status())
                .isEqualTo(201);
        List<String> ids = List.of(api.startRun("hello-single", "{}"), api.startRun("hello-single", "{}"),
                api.startRun("hello-single", "{}"));

        List<JsonNode> runs = ids.stream().map(id -> api.awaitState(id, "COMPLETED", RUN_TIMEOUT)).toList();

        for (int i = 1; i < runs.size(); i++) {
            java.time.Instant previousEnd = java.time.Instant.parse(runs.get(i - 1).get("endTime").asString());
            java.time.Instant start = java.time.Instant.parse(runs.get(i).get("startTime").asString());
            assertThat(start).as("run %d starts after run %d ended", i + 1, i).isAfterOrEqualTo(previousEnd);
        }
        assertThat(api.get("/api/work-pools/single").json().get("waiting").asLong()).isZero();
    }

    /** The runner's pid, from its infrastructure id {@code process:<pid>:<start>}. */
    private static long pid(JsonNode run) {
        return Long.parseLong(run.get("infrastructureId").asString().split(":")[1]);
    }

    private List<String> messages(String id) {
        return api.get("/api/flow-runs/" + id + "/logs").json().get("items").valueStream()
                .map(l -> l.get("message").asString()).toList();
    }

    private List<String> allMessages(String id) {
        List<String> messages = new ArrayList<>();
        List<String> page;
        do {
            page = api.get("/api/flow-runs/" + id + "/logs?limit=1000&offset=" + messages.size()).json().get("items")
                    .valueStream()
                    .map(l -> l.get("message").asString()).toList();
            messages.addAll(page);
        } while (!page.isEmpty());
        return messages;
    }

    private static List<String> types(JsonNode states) {
        return states.valueStream().map(s -> s.get("type").asString()).toList();
    }
}
