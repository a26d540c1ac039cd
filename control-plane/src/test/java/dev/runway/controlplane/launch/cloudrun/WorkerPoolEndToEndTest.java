package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.dispatch.pubsub.PubSubEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The warm lane on Google Cloud, on one machine: a {@code cloud-run-worker-pool} pool becomes a worker pool of
 * {@link dev.runway.cloudrunfake.CloudRunFake}, whose instance is the runner jar with {@code --warm} pulling start
 * messages from its subscription on Google's Pub/Sub emulator; dispatches go through the emulator too, and results
 * through the GCS adapter. One instance takes every run in turn; SIGTERM (a new revision, a scale-in) drains it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class WorkerPoolEndToEndTest {

    private static final String KEY = "rwk_warm-gcp-e2e-admin-key";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String WORKER_POOL = "projects/acme-prod/locations/europe-west1/workerPools/runway-warm-warm";

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();
    static GcpOnOneMachine gcp;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        gcp = new GcpOnOneMachine(emulator, KEY);
        gcp.register(registry, Map.of());
    }

    @BeforeAll
    static void runnerJarIsBuilt() {
        GcpOnOneMachine.requireRunnerJar();
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        gcp.close();
    }

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + gcp.port(), KEY);
        // the instances reach the emulator as a container on Google Cloud reaches Pub/Sub: through their environment
        assertThat(api.put("/api/work-pools/warm", """
                {"type": "cloud-run-worker-pool", "baseJobTemplate": {"image": "europe-docker.pkg.dev/acme/runway/runner:abc",
                 "instances": 1, "drainSeconds": 3, "env": {"PUBSUB_EMULATOR_HOST": "%s"}}}"""
                .formatted(emulator.hostAndPort())).status()).isIn(200, 201);
        for (String flow : new String[] {"hello", "sleep", "failOnPurpose"}) {
            var answer = api.put("/api/deployments/warm-" + flow.toLowerCase(java.util.Locale.ROOT),
                    "{\"flowName\": \"" + flow + "\", \"workPool\": \"warm\"}");
            assertThat(answer.status()).as(answer.body()).isIn(200, 201);
        }
    }

    @Test
    void runsGoThroughPubSubToOneWarmInstanceInTurnAndAFailureOrACancelDoesNotTakeTheNext() {
        String hello = api.startRun("warm-hello", "{\"name\": \"Ada\"}");
        JsonNode completed = api.awaitState(hello, "COMPLETED", RUN_TIMEOUT);
        assertThat(completed.get("infrastructureId").asString()).isEqualTo("cloud-run-worker-pool:" + WORKER_POOL + ":" + hello);
        assertThat(api.get("/api/flow-runs/" + hello + "/result").body()).contains("Hello, Ada");
        assertThat(gcp.gcs().object("runway-results", "e2e/" + hello + "/1.json")).as("written by the instance to GCS")
                .isPresent();
        List<Process> instances = gcp.workerPools().instances(WORKER_POOL);
        assertThat(instances).hasSize(1);

        String failing = api.startRun("warm-failonpurpose", "{\"reason\": \"boom on purpose\"}");
        assertThat(api.awaitState(failing, "FAILED", RUN_TIMEOUT).get("state").get("message").asString()).contains("boom on purpose");

        String looping = api.startRun("warm-sleep", "{\"seconds\": 600}");
        api.awaitState(looping, "RUNNING", RUN_TIMEOUT);
        assertThat(api.post("/api/flow-runs/" + looping + "/cancel", "").status()).isEqualTo(200);
        api.awaitState(looping, "CANCELLED", RUN_TIMEOUT);

        String next = api.startRun("warm-hello", "{\"name\": \"Grace\"}");
        api.awaitState(next, "COMPLETED", RUN_TIMEOUT);
        assertThat(api.get("/api/flow-runs/" + next + "/result").body()).contains("Hello, Grace");
        assertThat(gcp.workerPools().instances(WORKER_POOL)).as("the same instance took every run").isEqualTo(instances);
        assertThat(gcp.cloudRun().requests("CreateWorkerPool")).hasSize(1);
    }

    @Test
    void sigtermDrainsTheInstanceLettingAShortFlowFinishAndFailingALongOneNamingTheSignal() throws Exception {
        String shortRun = api.startRun("warm-sleep", "{\"seconds\": 2}");
        api.awaitState(shortRun, "RUNNING", RUN_TIMEOUT);
        Process instance = gcp.workerPools().instances(WORKER_POOL).getFirst();

        instance.destroy();

        assertThat(api.awaitState(shortRun, "COMPLETED", RUN_TIMEOUT).get("state").get("type").asString()).isEqualTo("COMPLETED");
        assertThat(instance.waitFor()).as("a drained instance exits cleanly").isZero();

        // a new revision: its instance replaces the drained one
        assertThat(api.put("/api/work-pools/warm", """
                {"type": "cloud-run-worker-pool", "baseJobTemplate": {"image": "europe-docker.pkg.dev/acme/runway/runner:def",
                 "instances": 1, "drainSeconds": 1, "env": {"PUBSUB_EMULATOR_HOST": "%s"}}}"""
                .formatted(emulator.hostAndPort())).status()).isEqualTo(200);
        String longRun = api.startRun("warm-sleep", "{\"seconds\": 600}");
        api.awaitState(longRun, "RUNNING", RUN_TIMEOUT);
        Process next = gcp.workerPools().instances(WORKER_POOL).getFirst();

        next.destroy();

        JsonNode failed = api.awaitState(longRun, "FAILED", RUN_TIMEOUT);
        assertThat(failed.get("state").get("message").asString()).contains("SIGTERM");
        assertThat(next.waitFor()).isZero();
    }

}
