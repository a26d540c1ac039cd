package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.api.ApiClient.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** What a user sees when a request is wrong: a 4xx problem+json naming the fault, and nothing stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiErrorsTest {

    private static final String KEY = "rwk_test-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = IsolatedControlPlane.withoutDeployments(registry, "api", KEY);
        registry.add("runway.launcher.runner-jar", () -> home.resolve("no-runner.jar").toString());
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

    @Test
    void valuesLongerThanTheirColumnsAre422NamingEachFieldAndStoreNothing() {
        Answer deployment = api.put("/api/deployments/long", """
                {"flowName":"%s","version":"%s","description":"%s","workPool":"%s","tags":["%s"]}"""
                .formatted("f".repeat(201), "v".repeat(101), "d".repeat(2001), "w".repeat(201), "t".repeat(101)));
        int before = runCount();
        Answer run = api.post("/api/deployments/greet/runs", """
                {"name":"%s","idempotencyKey":"%s"}""".formatted("n".repeat(201), "k".repeat(301)));

        assertProblem(deployment, 422, "Invalid input");
        assertThat(fields(deployment)).containsExactlyInAnyOrder("flowName", "version", "description", "workPool", "tags[0]");
        assertProblem(api.get("/api/deployments/long"), 404, "Not found");
        assertProblem(run, 422, "Invalid input");
        assertThat(fields(run)).containsExactlyInAnyOrder("name", "idempotencyKey");
        assertThat(runCount()).isEqualTo(before);
    }

    @Test
    void parametersOverTheSizeLimitAre422AndStartNoRun() {
        String big = "x".repeat(70_000);
        int before = runCount();

        Answer run = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"" + big + "\"}}");
        Answer deployment = api.put("/api/deployments/big", "{\"flowName\":\"hello\",\"parameters\":{\"name\":\"" + big + "\"}}");

        assertProblem(run, 422, "Invalid input");
        assertThat(fields(run)).containsExactly("parameters");
        assertThat(run.json().get("errors").get(0).get("message").asString()).contains("65536");
        assertThat(runCount()).isEqualTo(before);
        assertProblem(deployment, 422, "Invalid input");
        assertThat(fields(deployment)).containsExactly("parameters");
    }

    @Test
    void jobVariablesThatAreNotAnObjectOrOverTheSizeLimitAre422NamingThemAndStoreNothing() {
        Answer list = api.put("/api/deployments/vars", "{\"flowName\":\"hello\",\"jobVariables\":[\"memory\"]}");
        Answer text = api.put("/api/deployments/vars", "{\"flowName\":\"hello\",\"jobVariables\":\"2Gi\"}");
        Answer big = api.put("/api/deployments/vars",
                "{\"flowName\":\"hello\",\"jobVariables\":{\"args\":[\"" + "x".repeat(70_000) + "\"]}}");

        for (Answer answer : List.of(list, text)) {
            assertProblem(answer, 422, "Invalid input");
            assertThat(fields(answer)).containsExactly("jobVariables");
            assertThat(message(answer, "jobVariables")).isEqualTo("must be a JSON object");
        }
        assertProblem(big, 422, "Invalid input");
        assertThat(fields(big)).containsExactly("jobVariables");
        assertThat(message(big, "jobVariables")).contains("65536").contains("runway.api.max-parameters-bytes");
        assertProblem(api.get("/api/deployments/vars"), 404, "Not found");
    }

    @Test
    void jobVariablesAreStoredAndShownWithTheDeployment() {
        Answer put = api.put("/api/deployments/sized", """
                {"flowName":"hello","jobVariables":{"memory":"2Gi","env":{"LOG_LEVEL":"debug"}}}""");
        Answer plain = api.put("/api/deployments/plain", "{\"flowName\":\"hello\"}");

        assertThat(put.status()).as(put.body()).isEqualTo(201);
        assertThat(api.get("/api/deployments/sized").json().get("jobVariables").get("env").get("LOG_LEVEL").asString())
                .isEqualTo("debug");
        assertThat(plain.json().get("jobVariables").isObject()).isTrue();
        assertThat(plain.json().get("jobVariables").isEmpty()).isTrue();
    }

    @Test
    void aProcessPoolsRunnersTakeEnvAsStringsSoOtherValuesAre422() {
        Answer answer = api.put("/api/deployments/env", """
                {"flowName":"hello","jobVariables":{"env":{"ROWS":10,"OK":"yes","bad-name":"x","GONE":null}}}""");

        assertProblem(answer, 422, "Invalid input");
        assertThat(fields(answer)).containsExactlyInAnyOrder("jobVariables.env.ROWS", "jobVariables.env");
        assertThat(message(answer, "jobVariables.env.ROWS")).isEqualTo("must be a string (in YAML, quote it: \"10\")");
        assertThat(message(answer, "jobVariables.env")).contains("'bad-name'");
    }

    @Test
    void aDeploymentSpecOutOfBoundsIs422NamingEachField() {
        Answer answer = api.put("/api/deployments/bounds", """
                {"flowName":"hello","retries":2147483647,"retryDelaySeconds":86401,"workPool":"gpu",
                 "tags":[%s],"parameterSchema":{"type":"object","properties":{"name":{"type":"strin"}},"required":"name"}}"""
                .formatted(String.join(",", java.util.Collections.nCopies(51, "\"t\""))));

        assertProblem(answer, 422, "Invalid input");
        assertThat(fields(answer)).containsExactlyInAnyOrder("retries", "retryDelaySeconds", "workPool", "tags",
                "parameterSchema.properties.name.type", "parameterSchema.required");
        assertThat(message(answer, "workPool")).contains("local");
        assertProblem(api.get("/api/deployments/bounds"), 404, "Not found");
    }

    @Test
    void aParameterSchemaThatDoesNotDescribeAnObjectIs422() {
        Answer answer = api.put("/api/deployments/scalar", "{\"flowName\":\"hello\",\"parameterSchema\":{\"type\":\"string\"}}");

        assertProblem(answer, 422, "Invalid input");
        assertThat(fields(answer)).containsExactly("parameterSchema.type");
    }

    @Test
    void withoutARunnerJarADeploymentIsStoredWithAWarningThatItsFlowWasNotChecked() {
        Answer answer = api.put("/api/deployments/unchecked", "{\"flowName\":\"notInAnyJar\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("name").asString()).isEqualTo("unchecked");
        assertThat(answer.json().get("warnings").get(0).asString())
                .contains("notInAnyJar").contains("not checked").contains("no runner jar");
    }

    @Test
    void anIdempotencyKeySentAgainWithOtherParametersIs409() {
        Answer first = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"Ada\"},\"idempotencyKey\":\"k-1\"}");
        Answer same = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"Ada\"},\"idempotencyKey\":\"k-1\"}");
        Answer other = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"Bob\"},\"idempotencyKey\":\"k-1\"}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertProblem(other, 409, "Conflict");
        assertThat(other.json().get("detail").asString()).contains("k-1");
    }

    @Test
    void everyListIsAPageAndALimitPastItsMaximumIs400() {
        String id = startRun();

        for (String list : List.of("/api/deployments", "/api/flow-runs", "/api/flow-runs/" + id + "/states",
                "/api/flow-runs/" + id + "/task-runs", "/api/flow-runs/" + id + "/logs")) {
            Answer page = api.get(list + "?offset=0&limit=1");
            assertThat(page.status()).as(list).isEqualTo(200);
            assertThat(page.json().get("items").isArray()).as(list).isTrue();
            assertThat(page.json().get("limit").asInt()).as(list).isEqualTo(1);
            assertThat(page.json().has("total")).as(list).isTrue();
            assertProblem(api.get(list + "?limit=100000"), 400, "Bad request");
            assertProblem(api.get(list + "?offset=-1"), 400, "Bad request");
        }
        assertThat(api.get("/api/flow-runs/" + id + "/states").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void runListsLeaveTheParametersToEachRun() {
        String id = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"Ada\"}}").json().get("id").asString();

        JsonNode listed = api.get("/api/flow-runs").json().get("items").get(0);

        assertThat(listed.get("id").asString()).isEqualTo(id);
        assertThat(listed.get("parameters").isNull()).isTrue();
        assertThat(api.get("/api/flow-runs/" + id).json().get("parameters").get("name").asString()).isEqualTo("Ada");
    }

    @Test
    void aProblemNamesAtMostFiftyErrorsAndCountsTheRest() {
        StringBuilder unknown = new StringBuilder("{");
        for (int i = 0; i < 60; i++) {
            unknown.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
        }
        Answer answer = api.post("/api/deployments/greet/runs", "{\"parameters\":" + unknown + "}}");

        assertProblem(answer, 422, "Invalid input");
        assertThat(answer.json().get("errors").size()).isEqualTo(50);
        assertThat(answer.json().get("moreErrors").asInt()).isEqualTo(10);
    }

    private int runCount() {
        return api.get("/api/flow-runs").json().get("total").asInt();
    }

    private String startRun() {
        Answer answer = api.post("/api/deployments/greet/runs", "{}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private static List<String> fields(Answer answer) {
        return answer.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }

    private static String message(Answer answer, String field) {
        return answer.json().get("errors").valueStream().filter(e -> e.get("field").asString().equals(field))
                .findFirst().orElseThrow().get("message").asString();
    }

    private static void assertProblem(Answer answer, int status, String title) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }
}
