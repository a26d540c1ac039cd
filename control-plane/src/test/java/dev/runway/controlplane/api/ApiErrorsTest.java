package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.api.ApiClient.Answer;
import java.io.IOException;
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

/** What a user sees when a request is wrong: a 4xx problem+json naming the fault, and nothing stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiErrorsTest {

    private static final String KEY = "rwk_test-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("runway-api-test");
        registry.add("runway.home", home::toString);
        registry.add("runway.auth.api-key", () -> KEY);
        registry.add("runway.loops.enabled", () -> "false");
        registry.add("runway.deployments.register-on-start", () -> "false");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:api-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    }

    @LocalServerPort
    int port;

    @Autowired
    RunTokens tokens;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
        Answer put = api.put("/api/deployments/greet", """
                {"flowName":"hello","parameters":{"name":"World"},
                 "parameterSchema":{"type":"object","properties":{"name":{"type":"string"},"times":{"type":"integer"}},
                                    "additionalProperties":false}}""");
        assertThat(put.status()).isIn(200, 201);
    }

    @Test
    void healthNeedsNoKey() {
        Answer health = api.withKey(null).get("/api/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("healthy");
    }

    @Test
    void aMissingOrWrongKeyIs401() {
        assertProblem(api.withKey(null).get("/api/deployments"), 401, "Authentication required");
        assertProblem(api.withKey("rwk_wrong").get("/api/deployments"), 401, "Invalid credentials");
    }

    @Test
    void anUnknownDeploymentIs404() {
        Answer answer = api.post("/api/deployments/nope/runs", "{\"parameters\":{}}");

        assertProblem(answer, 404, "Not found");
        assertThat(answer.json().get("detail").asString()).contains("nope");
    }

    @Test
    void parametersThatDoNotMatchTheSchemaAre422NamingEachFieldAndCreateNoRun() {
        int before = runCount();
        Answer answer = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":7,\"times\":\"twice\",\"x\":1}}");

        assertProblem(answer, 422, "Invalid input");
        assertThat(answer.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("parameters.name", "parameters.times", "parameters.x");
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonIs400() {
        int before = runCount();
        Answer answer = api.post("/api/deployments/greet/runs", "{\"parameters\": {\"name\": ");

        assertProblem(answer, 400, "Malformed JSON");
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void aBadDeploymentSpecIs422NamingTheField() {
        Answer answer = api.put("/api/deployments/Bad%20Name", "{\"retries\":-1}");

        assertProblem(answer, 422, "Invalid input");
        assertThat(answer.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("name", "flowName", "retries");
    }

    @Test
    void badQueryParametersAndIdsAre400NamingThem() {
        assertThat(api.get("/api/flow-runs?state=BOGUS").json().get("errors").get(0).get("field").asString())
                .isEqualTo("state");
        assertProblem(api.get("/api/flow-runs?limit=0"), 400, "Bad request");
        assertProblem(api.get("/api/flow-runs?since=yesterday"), 400, "Bad request");
        assertProblem(api.get("/api/flow-runs/not-a-uuid"), 400, "Bad request");
        assertProblem(api.get("/api/flow-runs/" + UUID.randomUUID()), 404, "Not found");
    }

    @Test
    void aRunTokenOpensOnlyItsOwnRun() {
        String mine = startRun();
        String other = startRun();
        ApiClient runner = api.withKey(tokens.issue(UUID.fromString(mine), 0));

        assertThat(runner.get("/api/runner/flow-runs/" + mine).status()).isEqualTo(200);
        assertProblem(runner.get("/api/runner/flow-runs/" + other), 403, "Forbidden");
        assertProblem(runner.get("/api/flow-runs/" + mine), 403, "Forbidden");
        assertProblem(runner.post("/api/deployments/greet/runs", "{}"), 403, "Forbidden");
    }

    @Test
    void cancellingAFinishedRunIs409() {
        String id = startRun();
        Answer cancelled = api.post("/api/flow-runs/" + id + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").get("type").asString()).isEqualTo("CANCELLED");

        assertProblem(api.post("/api/flow-runs/" + id + "/cancel", null), 409, "Conflict");
    }

    @Test
    void aRunnerWhoseRunHasEndedIsToldToStopByItsHeartbeat() {
        String id = startRun();
        api.post("/api/flow-runs/" + id + "/cancel", null);

        Answer heartbeat = api.withKey(tokens.issue(UUID.fromString(id), 0)).post("/api/runner/flow-runs/" + id + "/heartbeat", null);

        assertThat(heartbeat.status()).isEqualTo(200);
        assertThat(heartbeat.json().get("cancelRequested").asBoolean()).isTrue();
        assertThat(heartbeat.json().get("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void aRunWithoutAResultAnswers404SayingWhy() {
        String id = startRun();

        Answer answer = api.get("/api/flow-runs/" + id + "/result");

        assertProblem(answer, 404, "Not found");
        assertThat(answer.json().get("detail").asString()).contains("SCHEDULED");
    }

    @Test
    void aStartedRunIs201WithItsStateAndLocation() {
        Answer answer = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"Ada\"}}");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("state").get("type").asString()).isEqualTo("SCHEDULED");
        assertThat(answer.json().get("parameters").get("name").asString()).isEqualTo("Ada");
        assertThat(answer.json().get("expectedStartTime").asString()).endsWith("Z");
    }

    private int runCount() {
        return api.get("/api/flow-runs").json().get("total").asInt();
    }

    private String startRun() {
        Answer answer = api.post("/api/deployments/greet/runs", "{}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static void assertProblem(Answer answer, int status, String title) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }
}
