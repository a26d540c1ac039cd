package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.model.result.ResultKey.CacheEntry;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultKey.TaskRunResult;
import dev.runway.model.result.ResultStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A runner reports COMPLETED with the reference of the result it stored. The control plane takes only the
 * result of that run's attempt: a reference to another run's result, another attempt's, or any other file
 * is refused with 422 naming {@code resultRef}, and the run does not change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunnerResultRefTest {

    private static final String KEY = "rwk_test-admin-key";
    private static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = IsolatedControlPlane.withoutDeployments(registry, "result-ref", KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    RunTokens tokens;

    @Autowired
    Dispatcher dispatcher;

    @Autowired
    ResultStore results;

    ApiClient api;
    UUID run;
    ApiClient runner;

    @BeforeEach
    void aRunnerHasClaimedAttemptOne() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
        assertThat(api.put("/api/deployments/greet", """
                {"flowName":"hello","parameterSchema":{"type":"object","properties":{"name":{"type":"string"}}}}""")
                .status()).isIn(200, 201);
        run = UUID.fromString(api.post("/api/deployments/greet/runs", "{}").json().get("id").asString());
        dispatcher.runOnce();
        runner = api.withKey(tokens.issue(run, 1));
        Answer claim = runner.post(path("/claim"), proposal("RUNNING", null));
        assertThat(claim.json().get("status").asString()).as(claim.body()).isEqualTo("ACCEPT");
    }

    @Test
    void anotherRunsResultIsRefused() {
        String others = results.write(new FlowRunResult(UUID.randomUUID(), 1), bytes("{\"secret\":true}"));

        assertRefused(runner.post(path("/state"), proposal("COMPLETED", others)));
    }

    @Test
    void anyOtherFileIsRefused() throws IOException {
        String file = Files.writeString(home.resolve("api-key-copy"), "not a result").toUri().toString();

        assertRefused(runner.post(path("/state"), proposal("COMPLETED", file)));
        assertRefused(runner.post(path("/state"), proposal("COMPLETED", "file:///etc/passwd")));
        assertRefused(runner.post(path("/state"), proposal("COMPLETED", null)));
    }

    @Test
    void theResultOfAnotherAttemptOfTheSameRunIsRefused() {
        String later = results.write(new FlowRunResult(run, 2), bytes("{\"by\":\"attempt 2\"}"));

        assertRefused(runner.post(path("/state"), proposal("COMPLETED", later)));
    }

    @Test
    void aTaskResultOrACacheEntryIsNotTheRunsResult() {
        FlowRunResult attempt = new FlowRunResult(run, 1);
        String task = results.write(new TaskRunResult(attempt, "extract"), bytes("{\"by\":\"a task\"}"));
        String cached = results.write(new CacheEntry("shared-by-runs"), bytes("{\"by\":\"another run\"}"));

        assertRefused(runner.post(path("/state"), proposal("COMPLETED", task)));
        assertRefused(runner.post(path("/state"), proposal("COMPLETED", cached)));
    }

    @Test
    void aRunNoAttemptHasBegunHasNoResultToPointTo() {
        UUID waiting = UUID.fromString(api.post("/api/deployments/greet/runs", "{}").json().get("id").asString());
        String ref = results.write(new FlowRunResult(waiting, 1), bytes("{}"));

        Answer answer = api.post("/api/runner/flow-runs/" + waiting + "/state", proposal("COMPLETED", ref));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("resultRef");
    }

    @Test
    void theResultThisAttemptStoredIsTakenAndServed() {
        String mine = results.write(new FlowRunResult(run, 1), bytes("{\"by\":\"attempt 1\"}"));

        Answer answer = runner.post(path("/state"), proposal("COMPLETED", mine));

        assertThat(answer.json().get("status").asString()).as(answer.body()).isEqualTo("ACCEPT");
        assertThat(api.get("/api/flow-runs/" + run + "/result").body()).isEqualTo("{\"by\":\"attempt 1\"}");
    }

    private void assertRefused(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("resultRef");
        assertThat(api.get("/api/flow-runs/" + run).json().get("state").get("type").asString()).isEqualTo("RUNNING");
        assertThat(api.get("/api/flow-runs/" + run + "/result").status()).isEqualTo(404);
    }

    private String path(String suffix) {
        return "/api/runner/flow-runs/" + run + suffix;
    }

    private static String proposal(String type, String resultRef) {
        return "{\"transitionId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"claimant\":\"test-runner\""
                + (resultRef == null ? "" : ",\"resultRef\":\"" + resultRef + "\"") + "}";
    }

    private static ResultStore.Content bytes(String json) {
        return out -> out.write(json.getBytes(StandardCharsets.UTF_8));
    }
}
