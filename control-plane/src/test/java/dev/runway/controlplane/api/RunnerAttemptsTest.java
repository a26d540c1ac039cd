package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A run token acts only for its attempt, and only while that attempt is under way: a runner left over
 * from an earlier attempt, or one still talking after its run ended, is told to stop and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunnerAttemptsTest {

    private static final String KEY = "rwk_attempts-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        IsolatedControlPlane.withoutDeployments(registry, "attempts", KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    RunTokens tokens;

    @Autowired
    Transitions transitions;

    @Autowired
    FlowRunStore store;

    @Autowired
    ResultStore results;

    ApiClient admin;
    UUID id;

    @BeforeEach
    void setUp() {
        admin = new ApiClient("http://127.0.0.1:" + port, KEY);
        assertThat(admin.put("/api/deployments/retrying",
                "{\"flowName\":\"hello\",\"parameters\":{},\"retries\":1,\"retryDelaySeconds\":0}").status()).isIn(200, 201);
        Answer started = admin.post("/api/deployments/retrying/runs", "{}");
        id = UUID.fromString(started.json().get("id").asString());
    }

    @Test
    void theCurrentAttemptHeartbeatsAndReports() {
        ApiClient runner = startAttempt(1);

        Answer heartbeat = runner.post(path("heartbeat"), null);

        assertThat(heartbeat.json().get("cancelRequested").asBoolean()).isFalse();
        assertThat(lastHeartbeat()).isNotNull();
        assertThat(runner.post(path("logs"), log("working")).status()).isEqualTo(204);
        assertThat(runner.post(path("task-runs"), taskRun()).status()).isEqualTo(204);
        assertThat(admin.get("/api/flow-runs/" + id + "/logs").body()).contains("working");
        assertThat(admin.get("/api/flow-runs/" + id + "/task-runs").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void aRunnerWhoseAttemptFailedIntoARetryIsToldToStopAndStoresNothing() {
        ApiClient first = startAttempt(1);
        fail(first);
        assertThat(state()).isEqualTo("SCHEDULED");

        Answer heartbeat = first.post(path("heartbeat"), null);

        assertThat(heartbeat.status()).isEqualTo(200);
        assertThat(heartbeat.json().get("cancelRequested").asBoolean()).isTrue();
        assertThat(lastHeartbeat()).as("a heartbeat of an attempt that is over").isNull();
        assertConflict(first.post(path("logs"), log("late line")));
        assertConflict(first.post(path("task-runs"), taskRun()));
        assertThat(admin.get("/api/flow-runs/" + id + "/logs").body()).doesNotContain("late line");
        assertThat(admin.get("/api/flow-runs/" + id + "/task-runs").json().get("items").size()).isZero();
    }

    @Test
    void anOldAttemptsTokenCannotReportIntoTheNextAttempt() {
        ApiClient first = startAttempt(1);
        fail(first);
        ApiClient second = startAttempt(2);
        second.post(path("heartbeat"), null);
        Instant secondsHeartbeat = lastHeartbeat();

        Answer heartbeat = first.post(path("heartbeat"), null);

        assertThat(heartbeat.json().get("cancelRequested").asBoolean()).isTrue();
        assertThat(lastHeartbeat()).isEqualTo(secondsHeartbeat);
        assertConflict(first.post(path("logs"), log("from the first attempt")));
        assertConflict(first.post(path("task-runs"), taskRun()));
        assertThat(admin.get("/api/flow-runs/" + id + "/logs").body()).doesNotContain("from the first attempt");
        assertThat(admin.get("/api/flow-runs/" + id + "/task-runs").json().get("items").size()).isZero();
    }

    @Test
    void aCompletedRunTakesNoMoreLogsOrTaskRunsFromItsRunnerOrTheAdmin() {
        ApiClient runner = startAttempt(1);
        String result = results.write(new FlowRunResult(id, 1),
                out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
        Answer completed = runner.post(path("state"),
                "{\"type\":\"COMPLETED\",\"claimant\":\"runner-1\",\"resultRef\":\"" + result + "\"}");
        assertThat(completed.json().get("state").get("type").asString()).isEqualTo("COMPLETED");

        assertConflict(runner.post(path("logs"), log("after the end")));
        assertConflict(admin.post(path("logs"), log("after the end")));
        assertConflict(runner.post(path("task-runs"), taskRun()));
        assertThat(admin.get("/api/flow-runs/" + id + "/logs").body()).doesNotContain("after the end");
        assertThat(runner.post(path("heartbeat"), null).json().get("cancelRequested").asBoolean()).isTrue();
    }

    /** Dispatches the next attempt (as the dispatcher would) and claims it with that attempt's token. */
    private ApiClient startAttempt(int attempt) {
        transitions.proposeVerdict(store.find(id).orElseThrow(), State.of(StateType.PENDING, Instant.now()));
        ApiClient runner = admin.withKey(tokens.issue(id, attempt));
        Answer claim = runner.post(path("claim"), "{\"type\":\"RUNNING\",\"claimant\":\"runner-" + attempt + "\"}");
        assertThat(claim.json().get("status").asString()).as(claim.body()).isEqualTo("ACCEPT");
        return runner;
    }

    private void fail(ApiClient runner) {
        Answer failed = runner.post(path("state"), "{\"type\":\"FAILED\",\"message\":\"boom\",\"claimant\":\"runner-1\"}");
        assertThat(failed.json().get("status").asString()).as(failed.body()).isIn("ACCEPT", "CHANGE");
    }

    private String state() {
        return admin.get("/api/flow-runs/" + id).json().get("state").get("type").asString();
    }

    private Instant lastHeartbeat() {
        return store.find(id).orElseThrow().lastHeartbeat();
    }

    private String path(String endpoint) {
        return "/api/runner/flow-runs/" + id + "/" + endpoint;
    }

    private static String log(String message) {
        return "[{\"message\":\"" + message + "\"}]";
    }

    private static String taskRun() {
        return "[{\"id\":\"" + UUID.randomUUID() + "\",\"taskKey\":\"step\",\"mapIndex\":0,\"attempts\":1,"
                + "\"type\":\"RUNNING\",\"timestamp\":\"2026-01-01T00:00:00Z\"}]";
    }

    private static void assertConflict(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("attempt");
    }
}
