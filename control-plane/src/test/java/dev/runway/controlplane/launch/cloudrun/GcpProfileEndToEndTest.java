package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.run.v2.CancelExecutionRequest;
import com.google.cloud.run.v2.RunJobRequest;
import dev.runway.cloudrunfake.CloudRunFake;
import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.dispatch.pubsub.PubSubEmulator;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.gcs.GcsHttpFake;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code gcp} profile on one machine: dispatches go through Google's Pub/Sub emulator, the launcher calls
 * {@link CloudRunFake} with the real Cloud Run Admin client, each execution the fake starts is the runner jar as a
 * local process with the execution's environment, reporting to this control plane over HTTP, and results go through
 * the GCS adapter (the real client) to {@link GcsHttpFake}, written by the runner and read back by the control plane.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class GcpProfileEndToEndTest {

    private static final String KEY = "rwk_gcp-e2e-admin-key";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();
    static GcpOnOneMachine gcp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        gcp = new GcpOnOneMachine(emulator, KEY);
        // the tests run the execution watcher themselves, each time a new one as after a restart
        gcp.register(registry, Map.of("runway.cloud-run.watch-interval", "1h"));
    }

    @BeforeAll
    static void runnerJarIsBuilt() {
        GcpOnOneMachine.requireRunnerJar();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        gcp.close();
    }

    @Autowired
    FlowRunStore runs;
    @Autowired
    Transitions transitions;
    @Autowired
    CloudRunClients clients;
    @Autowired
    CloudRunProperties cloudRun;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + gcp.port(), KEY);
        gcp.executions().resume();
        assertThat(api.put("/api/work-pools/cloud", """
                {"type": "cloud-run", "baseJobTemplate": {"image": "europe-docker.pkg.dev/acme/runway/runner:abc", "memory": "1Gi",
                 "env": {"TEAM": "data"}}}""").status()).isIn(200, 201);
        for (String flow : new String[] {"hello", "sleep"}) {
            assertThat(api.put("/api/deployments/" + flow + "-on-cloud-run", """
                    {"flowName": "%s", "workPool": "cloud", "jobVariables": {"env": {"TEAM": "analytics"}}}"""
                    .formatted(flow)).status()).isIn(200, 201);
        }
    }

    @Test
    void aRunGoesThroughPubSubToACloudRunExecutionAndItsResultIsReadBack() {
        String id = api.startRun("hello-on-cloud-run", "{\"name\":\"Ada\"}");

        JsonNode run = api.awaitState(id, "COMPLETED", RUN_TIMEOUT);

        assertThat(run.get("infrastructureId").asString()).startsWith("cloud-run:projects/acme-prod/locations/europe-west1/jobs/runway-cloud-");
        assertThat(api.get("/api/flow-runs/" + id + "/result").body()).contains("Hello, Ada");
        assertThat(run.get("resultRef").asString()).isEqualTo("gs://runway-results/e2e/" + id + "/1.json");
        assertThat(gcp.gcs().object("runway-results", "e2e/" + id + "/1.json")).as("written by the runner to GCS").isPresent();
        RunJobRequest call = gcp.cloudRun().requests("RunJob").stream().map(RunJobRequest.class::cast)
                .filter(request -> env(request).get("RUNWAY_RUN_ID").equals(id)).findFirst().orElseThrow();
        assertThat(env(call)).as("the deployment's job variables over the pool's template")
                .containsEntry("TEAM", "analytics").containsEntry("RUNWAY_ATTEMPT", "1");
        assertThat(gcp.cloudRun().jobs()).hasSize(1);
    }

    @Test
    void anExecutionThatFailsBeforeTheRunnerReportsEndsTheRunCrashedWithCloudRunsReason() {
        gcp.executions().pause();
        String id = api.startRun("hello-on-cloud-run", "{}");
        String execution = awaitLaunched(id);

        gcp.cloudRun().complete(execution, false, "Task " + execution + "-task0 failed: the container exited with code 137");
        watchExecutions();

        JsonNode crashed = api.get("/api/flow-runs/" + id).json();
        assertThat(crashed.get("state").get("type").asString()).isEqualTo("CRASHED");
        assertThat(crashed.get("state").get("message").asString()).contains("failed").contains("exited with code 137");
    }

    @Test
    void cancellingARunningRunCancelsItsExecution() {
        String id = api.startRun("sleep-on-cloud-run", "{\"seconds\":60}");
        api.awaitState(id, "RUNNING", RUN_TIMEOUT);

        assertThat(api.post("/api/flow-runs/" + id + "/cancel", "").status()).isEqualTo(200);

        // whichever comes first: the runner hears it on a heartbeat, or the watcher sees the cancelled execution
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            watchExecutions();
            return api.get("/api/flow-runs/" + id).json().get("state").get("type").asString().equals("CANCELLED");
        });
        String execution = api.get("/api/flow-runs/" + id).json().get("infrastructureId").asString().substring("cloud-run:".length());
        assertThat(gcp.cloudRun().requests("CancelExecution")).map(request -> ((CancelExecutionRequest) request).getName())
                .contains(execution);
    }

    @Test
    void anExecutionThatEndsWithoutTheRunnerReportingEndsTheRunCrashed() {
        gcp.executions().pause();
        String id = api.startRun("hello-on-cloud-run", "{}");
        String execution = awaitLaunched(id);
        watchExecutions();
        assertThat(api.get("/api/flow-runs/" + id).json().get("state").get("type").asString())
                .as("still in flight: nothing to judge").isEqualTo("PENDING");
        gcp.cloudRun().complete(execution, true, null);

        watchExecutions();

        JsonNode crashed = api.get("/api/flow-runs/" + id).json();
        assertThat(crashed.get("state").get("type").asString()).isEqualTo("CRASHED");
        assertThat(crashed.get("state").get("message").asString()).contains("without the runner reporting a final state");
    }

    /** A watcher that knows only the database and Cloud Run: what a restarted control plane has. */
    private void watchExecutions() {
        new ExecutionWatcher(clients, runs, transitions, Clock.systemUTC(), cloudRun).runOnce();
    }

    private static Map<String, String> env(RunJobRequest request) {
        Map<String, String> env = new HashMap<>();
        request.getOverrides().getContainerOverrides(0).getEnvList().forEach(v -> env.put(v.getName(), v.getValue()));
        return env;
    }

    private String awaitLaunched(String id) {
        await().atMost(RUN_TIMEOUT).until(() -> api.get("/api/flow-runs/" + id).json().get("infrastructureId").isString());
        return api.get("/api/flow-runs/" + id).json().get("infrastructureId").asString().substring("cloud-run:".length());
    }

}
