package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Work pools through HTTP: the default pool, upserts, their validation, pause and resume. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkPoolApiTest {

    private static final String KEY = "rwk_test-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = IsolatedControlPlane.withoutDeployments(registry, "pools", KEY);
        registry.add("runway.launcher.runner-jar", () -> home.resolve("no-runner.jar").toString());
        registry.add("runway.local-pool.concurrency-limit", () -> "3");
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
    }

    @Test
    void theDefaultPoolIsCreatedAtStartWithItsConfiguredLimit() {
        Answer local = api.get("/api/work-pools/local");

        assertThat(local.status()).isEqualTo(200);
        assertThat(local.json().get("type").asString()).isEqualTo("process");
        assertThat(local.json().get("concurrencyLimit").asInt()).isEqualTo(3);
        assertThat(local.json().get("paused").asBoolean()).isFalse();
        assertThat(local.json().get("running").asLong()).isZero();
        assertThat(local.json().get("waiting").asLong()).isZero();
        Answer list = api.get("/api/work-pools");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").valueStream().map(p -> p.get("name").asString())).contains("local");
    }

    @Test
    void aPoolIsCreatedThenUpdatedThenLeftUnchangedAndDeploymentsMayNameIt() {
        String body = """
                {"type":"cloud-run","concurrencyLimit":5,
                 "baseJobTemplate":{"region":"europe-west1","image":"eu.gcr.io/p/runner:1"}}""";
        Answer unknownPool = api.put("/api/deployments/on-gpu", "{\"flowName\":\"hello\",\"workPool\":\"gpu\"}");

        Answer created = api.put("/api/work-pools/gpu", body);
        Answer unchanged = api.put("/api/work-pools/gpu", body);
        Answer updated = api.put("/api/work-pools/gpu", "{\"type\":\"cloud-run\"}");
        Answer deployment = api.put("/api/deployments/on-gpu", "{\"flowName\":\"hello\",\"workPool\":\"gpu\"}");

        assertThat(unknownPool.status()).isEqualTo(422);
        assertThat(unknownPool.body()).contains("workPool").contains("local");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("baseJobTemplate").get("region").asString()).isEqualTo("europe-west1");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.body()).contains("\"concurrencyLimit\":5");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("concurrencyLimit").isNull()).isTrue();
        assertThat(api.get("/api/work-pools/gpu").json().get("baseJobTemplate").isEmpty()).isTrue();
        assertThat(deployment.status()).isEqualTo(201);
        assertThat(deployment.json().get("warnings").get(0).asString()).contains("gpu");
    }

    @Test
    void aWrongPoolIs422NamingEachFieldAndStoresNothing() {
        Answer answer = api.put("/api/work-pools/Bad!", """
                {"type":"kubernetes","concurrencyLimit":0,"baseJobTemplate":{"env":"%s"}}""".formatted("x".repeat(70_000)));
        Answer noType = api.put("/api/work-pools/nameless", "{\"concurrencyLimit\":2}");
        Answer notAnObject = api.put("/api/work-pools/listy", "{\"type\":\"process\",\"baseJobTemplate\":[1]}");
        Answer unknownField = api.put("/api/work-pools/extra", "{\"type\":\"process\",\"limit\":2}");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(fields(answer)).containsExactlyInAnyOrder("name", "type", "concurrencyLimit", "baseJobTemplate");
        assertThat(noType.status()).isEqualTo(422);
        assertThat(fields(noType)).containsExactly("type");
        assertThat(notAnObject.status()).isEqualTo(422);
        assertThat(fields(notAnObject)).containsExactly("baseJobTemplate");
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(fields(unknownField)).containsExactly("limit");
        for (String name : List.of("nameless", "listy", "extra")) {
            assertThat(api.get("/api/work-pools/" + name).status()).isEqualTo(404);
        }
    }

    @Test
    void aWarmPoolsRunnerCountIsBoundedAndItsDeploymentsCannotHaveTheirOwnJobVariables() {
        Answer tooMany = api.put("/api/work-pools/hot", "{\"type\":\"process-warm\",\"baseJobTemplate\":{\"instances\":33}}");
        Answer notANumber = api.put("/api/work-pools/hot", "{\"type\":\"process-warm\",\"baseJobTemplate\":{\"instances\":\"2\"}}");
        Answer workerPool = api.put("/api/work-pools/warm-cloud", """
                {"type":"cloud-run-worker-pool","baseJobTemplate":{"image":"eu.gcr.io/p/runner:1","instances":2}}""");

        Answer withVariables = api.put("/api/deployments/hot-hello", """
                {"flowName":"hello","workPool":"warm-cloud","jobVariables":{"env":{"LOG_LEVEL":"debug"}}}""");
        Answer without = api.put("/api/deployments/hot-hello", "{\"flowName\":\"hello\",\"workPool\":\"warm-cloud\"}");

        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.body()).contains("baseJobTemplate.instances").contains("1 to 32");
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(api.get("/api/work-pools/hot").status()).isEqualTo(404);
        assertThat(workerPool.status()).isEqualTo(201);
        assertThat(withVariables.status()).isEqualTo(422);
        assertThat(withVariables.body()).contains("jobVariables").contains("shared by all its deployments");
        assertThat(without.status()).isEqualTo(201);
    }

    @Test
    void aPoolIsPausedAndResumed() {
        api.put("/api/work-pools/batch", "{\"type\":\"process\",\"concurrencyLimit\":1}");

        Answer paused = api.post("/api/work-pools/batch/pause", null);
        Answer stillPaused = api.get("/api/work-pools/batch");
        Answer resumed = api.post("/api/work-pools/batch/resume", null);

        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.json().get("paused").asBoolean()).isTrue();
        assertThat(stillPaused.json().get("paused").asBoolean()).isTrue();
        assertThat(resumed.json().get("paused").asBoolean()).isFalse();
        assertThat(resumed.json().get("concurrencyLimit").asInt()).isEqualTo(1);
        assertThat(api.post("/api/work-pools/nope/pause", null).status()).isEqualTo(404);
    }

    @Test
    void theLimitAloneIsSetOrRemovedKeepingThePoolsOtherSettings() {
        api.put("/api/work-pools/jobs", "{\"type\":\"cloud-run\",\"concurrencyLimit\":2,\"baseJobTemplate\":{\"region\":\"eu\"}}");
        api.post("/api/work-pools/jobs/pause", null);

        Answer raised = api.put("/api/work-pools/jobs/concurrency-limit", "{\"concurrencyLimit\":5}");
        Answer removed = api.delete("/api/work-pools/jobs/concurrency-limit");

        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.header("Runway-Previous-Concurrency-Limit")).isEqualTo("2");
        assertThat(raised.json().get("concurrencyLimit").asInt()).isEqualTo(5);
        assertThat(raised.json().get("paused").asBoolean()).isTrue();
        assertThat(raised.json().get("baseJobTemplate").get("region").asString()).isEqualTo("eu");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.header("Runway-Previous-Concurrency-Limit")).isEqualTo("5");
        assertThat(removed.json().get("concurrencyLimit").isNull()).isTrue();
        assertThat(api.get("/api/work-pools/jobs").json().get("paused").asBoolean()).isTrue();
    }

    @Test
    void aWrongLimitIs422NamingTheFieldAndAnUnknownPool404() {
        api.put("/api/work-pools/small", "{\"type\":\"process\",\"concurrencyLimit\":1}");

        Answer zero = api.put("/api/work-pools/small/concurrency-limit", "{\"concurrencyLimit\":0}");
        Answer missing = api.put("/api/work-pools/small/concurrency-limit", "{}");
        Answer misspelt = api.put("/api/work-pools/small/concurrency-limit", "{\"limit\":3}");
        Answer unknownPool = api.put("/api/work-pools/nope/concurrency-limit", "{\"concurrencyLimit\":3}");

        assertThat(zero.status()).isEqualTo(422);
        assertThat(fields(zero)).containsExactly("concurrencyLimit");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(fields(missing)).containsExactly("concurrencyLimit");
        assertThat(missing.body()).contains("DELETE removes the limit");
        assertThat(misspelt.status()).isEqualTo(422);
        assertThat(fields(misspelt)).containsExactly("limit");
        assertThat(unknownPool.status()).isEqualTo(404);
        assertThat(api.delete("/api/work-pools/nope/concurrency-limit").status()).isEqualTo(404);
        assertThat(api.get("/api/work-pools/small").json().get("concurrencyLimit").asInt()).isEqualTo(1);
    }

    @Test
    void theImageAloneIsSetKeepingTheTemplatesOtherKeysAndThePoolsSettings() {
        api.put("/api/work-pools/jobs-eu", """
                {"type":"cloud-run","concurrencyLimit":2,
                 "baseJobTemplate":{"region":"eu","image":"eu.gcr.io/p/runner:old","env":{"A":"1"}}}""");
        api.post("/api/work-pools/jobs-eu/pause", null);

        Answer set = api.put("/api/work-pools/jobs-eu/image", "{\"image\":\"europe-docker.pkg.dev/p/runway/runner:3f2c1ab\"}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.header("Runway-Previous-Image")).isEqualTo("eu.gcr.io/p/runner:old");
        assertThat(set.json().get("baseJobTemplate")).isEqualTo(Json.mapper().readTree("""
                {"region":"eu","image":"europe-docker.pkg.dev/p/runway/runner:3f2c1ab","env":{"A":"1"}}"""));
        Answer stored = api.get("/api/work-pools/jobs-eu");
        assertThat(stored.json().get("paused").asBoolean()).isTrue();
        assertThat(stored.json().get("concurrencyLimit").asInt()).isEqualTo(2);
        assertThat(stored.json().get("baseJobTemplate").get("image").asString())
                .isEqualTo("europe-docker.pkg.dev/p/runway/runner:3f2c1ab");
    }

    @Test
    void aPoolWithoutAnImageGetsOneAndSaysItHadNone() {
        api.put("/api/work-pools/fresh", "{\"type\":\"cloud-run\"}");

        Answer set = api.put("/api/work-pools/fresh/image", "{\"image\":\"runner:1\"}");

        assertThat(set.header("Runway-Previous-Image")).isEqualTo("none");
        assertThat(set.json().get("baseJobTemplate").get("image").asString()).isEqualTo("runner:1");
    }

    @Test
    void aWrongImageIs422AProcessPool409AndAnUnknownPool404() {
        api.put("/api/work-pools/jobs-us", "{\"type\":\"cloud-run\",\"baseJobTemplate\":{\"image\":\"runner:1\"}}");

        Answer blank = api.put("/api/work-pools/jobs-us/image", "{\"image\":\" \"}");
        Answer missing = api.put("/api/work-pools/jobs-us/image", "{}");
        Answer spaced = api.put("/api/work-pools/jobs-us/image", "{\"image\":\"runner:1 --privileged\"}");
        Answer tooLong = api.put("/api/work-pools/jobs-us/image", "{\"image\":\"" + "r".repeat(1001) + "\"}");
        Answer process = api.put("/api/work-pools/local/image", "{\"image\":\"runner:2\"}");
        Answer unknownPool = api.put("/api/work-pools/nope/image", "{\"image\":\"runner:2\"}");

        for (Answer wrong : List.of(blank, missing, spaced, tooLong)) {
            assertThat(wrong.status()).isEqualTo(422);
            assertThat(fields(wrong)).containsExactly("image");
        }
        assertThat(process.status()).isEqualTo(409);
        assertThat(process.json().get("detail").asString()).contains("'local' is of type process");
        assertThat(unknownPool.status()).isEqualTo(404);
        assertThat(api.get("/api/work-pools/jobs-us").json().get("baseJobTemplate").get("image").asString())
                .isEqualTo("runner:1");
        assertThat(api.get("/api/work-pools/local").json().get("baseJobTemplate").has("image")).isFalse();
    }

    private static List<String> fields(Answer answer) {
        return answer.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }
}
